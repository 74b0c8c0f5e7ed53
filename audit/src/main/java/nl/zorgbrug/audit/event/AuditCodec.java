package nl.zorgbrug.audit.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import nl.zorgbrug.bsn.Bsn;

/**
 * The one canonical text form of an {@link AuditEvent}: what the trail stores and what its hash chain covers.
 * One {@code key=value} per line in a fixed order, absent fields left out, values escaped ({@code %}, {@code =},
 * line breaks as {@code %25}, {@code %3D}, {@code %0A}, {@code %0D}), so encoding is a function (the same event
 * gives the same bytes on every node and version) and {@link #decode} gives back the event.
 *
 * <p>Changing this form changes every hash: a new field goes at the end, only when present, so old records keep
 * their bytes.
 */
public final class AuditCodec {

    private AuditCodec() {
    }

    /** The canonical text of an event. */
    public static String encode(AuditEvent e) {
        StringBuilder out = new StringBuilder(256);
        put(out, "id", e.id().toString());
        put(out, "type", e.type().name());
        put(out, "action", String.valueOf(e.action().code()));
        put(out, "at", e.at().toString());
        put(out, "outcome", e.outcome().name());
        put(out, "user.id", e.actor().userId());
        put(out, "user.name", e.actor().name());
        put(out, "user.role", e.actor().role().name());
        put(out, "user.onBehalfOf", e.actor().onBehalfOf() == null ? null : e.actor().onBehalfOf().value());
        if (e.accessPoint() != null) {
            put(out, "access.host", e.accessPoint().host());
            put(out, "access.aeTitle", e.accessPoint().aeTitle());
            put(out, "access.certificate", e.accessPoint().certificateSubject());
        }
        if (e.patient() != null) {
            put(out, "patient.bsn", e.patient().bsn() == null ? null : e.patient().bsn().value());
            put(out, "patient.localId", e.patient().localId());
        }
        for (ObjectRef o : e.objects()) {
            put(out, "object", o.kind().name() + ":" + o.id());
        }
        peer(out, "source", e.source());
        peer(out, "destination", e.destination());
        if (e.legalBasis() != null) {
            LegalBasis b = e.legalBasis();
            if (b instanceof LegalBasis.Consent c) {
                put(out, "basis.consent", c.consentId());
            } else if (b instanceof LegalBasis.Referral r) {
                put(out, "basis.referral", r.reference());
            } else if (b instanceof LegalBasis.Emergency m) {
                put(out, "basis.emergency", m.reason());
            } else {
                put(out, "basis.treatment", "");
            }
        }
        put(out, "detail", e.detail());
        return out.toString();
    }

    /** The canonical bytes (UTF-8) that the hash chain covers. */
    public static byte[] bytes(AuditEvent e) {
        return encode(e).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an event back from its canonical text. {@code where} names the record for the error message (a
     * record that cannot be read back is itself a sign of tampering; the verifier reports it as changed).
     */
    public static AuditEvent decode(String text, String where) {
        Map<String, String> f = new LinkedHashMap<>();
        List<ObjectRef> objects = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new AuditFormatException(where + ", line " + lineNo + ": no key=value");
            }
            String key = line.substring(0, eq);
            String value = unescape(line.substring(eq + 1), where, lineNo);
            if (key.equals("object")) {
                int colon = value.indexOf(':');
                if (colon < 1) {
                    throw new AuditFormatException(where + ", line " + lineNo + ": object without kind:id");
                }
                objects.add(new ObjectRef(enumValue(ObjectKind.class, value.substring(0, colon), where),
                        value.substring(colon + 1)));
            } else if (f.put(key, value) != null) {
                throw new AuditFormatException(where + ", line " + lineNo + ": " + key + " twice");
            }
        }
        try {
            Actor actor = new Actor(required(f, "user.id", where), f.get("user.name"),
                    enumValue(Role.class, required(f, "user.role", where), where),
                    f.containsKey("user.onBehalfOf") ? new Ura(f.get("user.onBehalfOf")) : null);
            AccessPoint access = f.containsKey("access.host") || f.containsKey("access.aeTitle")
                    || f.containsKey("access.certificate")
                    ? new AccessPoint(f.get("access.host"), f.get("access.aeTitle"), f.get("access.certificate"))
                    : null;
            PatientRef patient = f.containsKey("patient.bsn") || f.containsKey("patient.localId")
                    ? new PatientRef(f.containsKey("patient.bsn") ? Bsn.parse(f.get("patient.bsn")) : null,
                    f.get("patient.localId"))
                    : null;
            LegalBasis basis = null;
            if (f.containsKey("basis.consent")) {
                basis = new LegalBasis.Consent(f.get("basis.consent"));
            } else if (f.containsKey("basis.referral")) {
                basis = new LegalBasis.Referral(f.get("basis.referral"));
            } else if (f.containsKey("basis.emergency")) {
                basis = new LegalBasis.Emergency(f.get("basis.emergency"));
            } else if (f.containsKey("basis.treatment")) {
                basis = new LegalBasis.Treatment();
            }
            String action = required(f, "action", where);
            return new AuditEvent(UUID.fromString(required(f, "id", where)),
                    enumValue(EventType.class, required(f, "type", where), where), actionOf(action, where),
                    Instant.parse(required(f, "at", where)),
                    enumValue(Outcome.class, required(f, "outcome", where), where), actor, access, patient, objects,
                    peer(f, "source"), peer(f, "destination"), basis, f.get("detail"));
        } catch (AuditFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AuditFormatException(where + ": " + e.getMessage());
        }
    }

    private static Action actionOf(String code, String where) {
        for (Action a : Action.values()) {
            if (code.length() == 1 && a.code() == code.charAt(0)) {
                return a;
            }
        }
        throw new AuditFormatException(where + ": unknown action '" + code + "' (C, R, U, D or E)");
    }

    private static void peer(StringBuilder out, String prefix, Peer p) {
        if (p != null) {
            put(out, prefix + ".name", p.name());
            put(out, prefix + ".aeTitle", p.aeTitle());
            put(out, prefix + ".address", p.address());
        }
    }

    private static Peer peer(Map<String, String> f, String prefix) {
        return f.containsKey(prefix + ".name")
                ? new Peer(f.get(prefix + ".name"), f.get(prefix + ".aeTitle"), f.get(prefix + ".address"))
                : null;
    }

    private static String required(Map<String, String> f, String key, String where) {
        String v = f.get(key);
        if (v == null) {
            throw new AuditFormatException(where + ": field " + key + " is missing");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String where) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new AuditFormatException(where + ": unknown " + type.getSimpleName() + " '" + name + "'");
        }
    }

    private static void put(StringBuilder out, String key, String value) {
        if (value == null) {
            return;
        }
        out.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '=' -> out.append("%3D");
                case '\n' -> out.append("%0A");
                case '\r' -> out.append("%0D");
                default -> out.append(c);
            }
        }
        out.append('\n');
    }

    private static String unescape(String s, String where, int lineNo) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new AuditFormatException(where + ", line " + lineNo + ": cut-off escape at " + i);
                }
                String hex = s.substring(i + 1, i + 3);
                switch (hex) {
                    case "25" -> out.append('%');
                    case "3D" -> out.append('=');
                    case "0A" -> out.append('\n');
                    case "0D" -> out.append('\r');
                    default -> throw new AuditFormatException(where + ", line " + lineNo + ": unknown escape %" + hex
                            + " at " + i);
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
