package nl.zorgbrug.app.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;

/** What a test's DICOM receiver got, for the exactly-once checks of the crash tests. */
final class Receptions {
    private Receptions() {
    }

    /**
     * SOP Instance UID → how many times storescp received it: the tests' storescp runs with {@code +uf}, so every
     * reception gets a file of its own, and an object received twice is two files.
     */
    static Map<String, Integer> storescp(Path dir) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.filter(p -> p.toString().endsWith(".dcm"))::iterator) {
                try {
                    String uid = Part10Reader.read(p, 0x00090000L).dataSet().getString(Tag.SOPInstanceUID);
                    counts.merge(uid, 1, Integer::sum);
                } catch (IOException stillBeingWritten) {
                    // storescp is writing it; counted next round
                }
            }
        }
        return counts;
    }
}
