package nl.zorgbrug.bgz.receive;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import nl.zorgbrug.bgz.specialism.Specialism;
import nl.zorgbrug.bsn.Bsn;

/**
 * A BgZ received from another institution, kept apart from the own record (issue 19, Ontvangend): the document-level
 * metadata (where it came from, why: a request or a referral with its reference, when, for which patient, who or what
 * asked) and every query's answer as it was received. {@code resources} counts the distinct resources over all
 * answers. Nothing of it is taken into the own record here: that is take-over (Verwerkend), per item, later.
 *
 * @param reference the referral (its identifier) or, for a request, null
 * @param receivedBy the user id of the clinician who asked, or the node's name for a Notified Pull
 * @param specialism the specialism of our department a referral was addressed to (the Task's owner); null for a
 *                   request or a referral to the hospital as a whole
 */
public record ReceivedBgz(UUID id, BgzSource source, Occasion occasion, String reference, Instant receivedAt,
                          Bsn patient, String receivedBy, List<ReceivedQuery> queries, int resources,
                          Specialism specialism) {
    public ReceivedBgz {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occasion, "occasion");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(receivedBy, "receivedBy");
        queries = List.copyOf(queries);
        if (occasion == Occasion.REFERRAL && (reference == null || reference.isBlank())) {
            throw new IllegalArgumentException("a BgZ received with a referral names the referral: give its reference");
        }
    }

    /** A received BgZ that names no department. */
    public ReceivedBgz(UUID id, BgzSource source, Occasion occasion, String reference, Instant receivedAt,
                       Bsn patient, String receivedBy, List<ReceivedQuery> queries, int resources) {
        this(id, source, occasion, reference, receivedAt, patient, receivedBy, queries, resources, null);
    }

    public List<ReceivedQuery> failed() {
        return queries.stream().filter(q -> !q.ok()).toList();
    }

    public boolean complete() {
        return failed().isEmpty();
    }

    /** The same received BgZ with only its metadata and counts: what a list or a notice shows. */
    public Summary summary() {
        return new Summary(id, source, occasion, reference, receivedAt, patient, receivedBy, queries.size(),
                failed().size(), resources, specialism);
    }

    /** A received BgZ's metadata and counts, without the answers. */
    public record Summary(UUID id, BgzSource source, Occasion occasion, String reference, Instant receivedAt,
                          Bsn patient, String receivedBy, int queries, int failed, int resources,
                          Specialism specialism) {
        /** A summary that names no department. */
        public Summary(UUID id, BgzSource source, Occasion occasion, String reference, Instant receivedAt,
                       Bsn patient, String receivedBy, int queries, int failed, int resources) {
            this(id, source, occasion, reference, receivedAt, patient, receivedBy, queries, failed, resources, null);
        }
    }
}
