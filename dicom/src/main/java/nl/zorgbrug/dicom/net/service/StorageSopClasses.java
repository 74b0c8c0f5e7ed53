package nl.zorgbrug.dicom.net.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Storage SOP Classes of PS3.4 Annex B, from a resource generated out of PS3.6 Table A-1 by
 * {@code src/main/scripts/gen-storage-sop-classes.py}.
 */
public final class StorageSopClasses {
    public static final String VERIFICATION = "1.2.840.10008.1.1";

    private static final Map<String, String> KEYWORDS = load();

    private StorageSopClasses() {
    }

    private static Map<String, String> load() {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = StorageSopClasses.class.getResourceAsStream("storage-sop-classes.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource storage-sop-classes.tsv missing from the dicom jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                map.put(f[0], f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(map);
    }

    /** All storage SOP class UIDs. */
    public static Set<String> uids() {
        return KEYWORDS.keySet();
    }

    public static boolean isStorage(String uid) {
        return KEYWORDS.containsKey(uid);
    }

    /** The keyword, e.g. "CTImageStorage", or the UID itself when unknown. */
    public static String keyword(String uid) {
        return KEYWORDS.getOrDefault(uid, uid);
    }
}
