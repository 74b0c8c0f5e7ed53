package nl.zorgbrug.bsn.sbvz;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.NameSearch;
import nl.zorgbrug.bsn.mpi.SbvzVerification.Answer;

/**
 * A BSN register in memory, for tests and trials: the persons it knows are added with {@link #register}; it answers
 * as the SBV-Z would — the BSN unknown, known for other demographics, or a match (family name compared without
 * accents and case, sex and birth date exactly, as far as the question gives them).
 */
public final class FakeSbvz implements SbvzPort {
    private record Person(String familyName, String sex, String birthDate) {
    }

    private final Map<Bsn, Person> register = new ConcurrentHashMap<>();
    private volatile boolean available = true;

    public FakeSbvz register(Bsn bsn, String familyName, String sex, String birthDate) {
        register.put(bsn, new Person(NameSearch.fold(familyName), sex, birthDate));
        return this;
    }

    /** Makes the fake behave like an SBV-Z that does not answer (false) or answers again (true). */
    public void available(boolean yes) {
        available = yes;
    }

    @Override
    public Answer verify(SbvzQuestion q) {
        if (!available) {
            throw new SbvzUnavailableException("the (fake) SBV-Z did not answer", null);
        }
        Person p = register.get(q.bsn());
        if (p == null) {
            return Answer.UNKNOWN_BSN;
        }
        boolean same = Objects.equals(p.familyName(), NameSearch.fold(q.familyName()))
                && Objects.equals(p.sex(), q.sex()) && Objects.equals(p.birthDate(), q.birthDate());
        return same ? Answer.MATCH : Answer.MISMATCH;
    }
}
