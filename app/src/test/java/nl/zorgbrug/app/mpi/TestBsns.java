package nl.zorgbrug.app.mpi;

import java.util.ArrayList;
import java.util.List;

import nl.zorgbrug.bsn.Bsn;

/** Test BSNs: numbers from the 9999 test range that pass the 11-proof, generated rather than written down. */
public final class TestBsns {
    private TestBsns() {
    }

    public static List<String> first(int n) {
        List<String> found = new ArrayList<>();
        for (int i = 0; found.size() < n; i++) {
            String candidate = String.valueOf(999_900_000 + i);
            if (Bsn.isValid(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }
}
