package nl.zorgbrug.hl7;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import nl.zorgbrug.bsn.Bsn;

/**
 * Generated ADT messages as an EPD sends them: MSH, EVN, PID with the local number and the BSN in PID-3
 * ({@code id^^^ZHVB^PI~bsn^^^NLMINBIZA^NNNLD}), the BSN status in PID-32, and PV1 where the event has one.
 * Builders, not fixtures: every test says what it changes.
 */
public final class Adt {
    private static final AtomicInteger IDS = new AtomicInteger();

    private String version = "2.5.1";
    private String event = "A01";
    private String structure;
    private String charset;
    private final List<String> segments = new ArrayList<>();
    private String controlId = "MSG" + IDS.incrementAndGet();

    public static Adt of(String event) {
        Adt a = new Adt();
        a.event = event;
        return a;
    }

    public Adt version(String v) {
        version = v;
        return this;
    }

    public Adt charset(String msh18) {
        charset = msh18;
        return this;
    }

    public Adt controlId(String id) {
        controlId = id;
        return this;
    }

    /** A PID: the local number (null: none), the BSN as sent (null: none), PID-32 (null: empty), name, birth, sex. */
    public Adt pid(String localId, String bsn, String pid32, String family, String given, String birth, String sex) {
        StringBuilder ids = new StringBuilder();
        if (localId != null) {
            ids.append(localId).append("^^^").append(TestMpi.LOCAL_AUTHORITY).append("^PI");
        }
        if (bsn != null) {
            ids.append(ids.length() > 0 ? "~" : "").append(bsn).append("^^^NLMINBIZA^NNNLD");
        }
        String[] f = new String[33];
        java.util.Arrays.fill(f, "");
        f[1] = String.valueOf(segments.stream().filter(s -> s.startsWith("PID")).count() + 1);
        f[3] = ids.toString();
        f[5] = (family == null ? "" : family) + "^" + (given == null ? "" : given) + "^^^^^L";
        f[7] = birth == null ? "" : birth;
        f[8] = sex == null ? "" : sex;
        f[32] = pid32 == null ? "" : pid32;
        int last = 32;
        while (last > 1 && f[last].isEmpty()) {
            last--;
        }
        segments.add("PID|" + String.join("|", java.util.Arrays.copyOfRange(f, 1, last + 1)));
        return this;
    }

    public Adt pid(String localId, Bsn bsn, String pid32) {
        return pid(localId, bsn == null ? null : bsn.value(), pid32, "Vries", "Ella", "19700101", "F");
    }

    public Adt mrg(String priorLocalId) {
        segments.add("MRG|" + priorLocalId + "^^^" + TestMpi.LOCAL_AUTHORITY + "^PI");
        return this;
    }

    public Adt segment(String raw) {
        segments.add(raw);
        return this;
    }

    public Adt pv1() {
        segments.add("PV1|1|O");
        return this;
    }

    public String text() {
        String type = "ADT^" + event + (structure == null ? "" : "^" + structure);
        StringBuilder b = new StringBuilder("MSH|^~\\&|HIX|ZHVB|ZORGBRUG|ZHVB|20261206100000||" + type + "|" + controlId
                + "|P|" + version);
        if (charset != null) {
            b.append("||||||").append(charset);
        }
        b.append('\r').append("EVN|").append(event).append("|20261206100000\r");
        for (String s : segments) {
            b.append(s).append('\r');
        }
        return b.toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
