package nl.zorgbrug.hl7.adt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.hl7.feed.FeedPatient;
import nl.zorgbrug.hl7.feed.PatientUpdate;

/**
 * Maps a parsed ADT message onto the {@link PatientUpdate}s it asks for (HL7 v2.5.1 chapter 3; versions 2.3 to 2.5.1
 * are parsed into the 2.5.1 structures). Segments are found by name wherever the message structure puts them, and
 * fields are read by number, so a 2.3 message and a Z-segment are read the same way.
 *
 * <ul>
 *   <li>A01, A04, A05, A08, A28, A31: register or update the patient of PID;</li>
 *   <li>A40 (merge patient, patient identifier list): each PID with its MRG — MRG-1 the prior number;</li>
 *   <li>A47 (change patient identifier list): PID the new number, MRG-1 the prior one;</li>
 *   <li>A37 (unlink patient information): the two PIDs are two patients.</li>
 * </ul>
 * PID-3's repetitions give the local number (CX-4 is the configured authority) and the BSN (CX-4 {@code NLMINBIZA} or
 * the BSN OID); PID-5/7/8 the name, birth date and sex; the configured field the BSN status.
 */
public final class AdtMapper {
    /** The trigger events the node acts on. */
    public static final Set<String> EVENTS = Set.of("A01", "A04", "A05", "A08", "A28", "A31", "A40", "A47", "A37");
    private static final Set<String> REGISTRATIONS = Set.of("A01", "A04", "A05", "A08", "A28", "A31");

    private final AdtSettings settings;

    public AdtMapper(AdtSettings settings) {
        this.settings = settings;
    }

    /**
     * The updates of one ADT message with this trigger event.
     *
     * @throws AdtFieldException when a field the update needs is missing or wrong
     */
    public List<PatientUpdate> map(Message message, String event) throws HL7Exception {
        List<Segment> pids = segments(message, "PID");
        if (pids.isEmpty()) {
            throw new AdtFieldException("PID", 100, "the message has no PID segment");
        }
        List<Segment> statusSegments = segments(message, settings.bsnStatusField().segment());
        if (REGISTRATIONS.contains(event)) {
            return List.of(new PatientUpdate.Register(patient(pids.get(0), 1, statusFor(statusSegments, 0))));
        }
        switch (event) {
            case "A40": {
                List<Segment> mrgs = segments(message, "MRG");
                if (mrgs.size() != pids.size()) {
                    throw new AdtFieldException("MRG-1", 101, "an A40 needs an MRG segment for every PID ("
                            + pids.size() + " PID, " + mrgs.size() + " MRG)");
                }
                List<PatientUpdate> merges = new ArrayList<>();
                for (int i = 0; i < pids.size(); i++) {
                    merges.add(new PatientUpdate.Merge(patient(pids.get(i), i + 1,
                            statusFor(statusSegments, i)), priorLocalId(mrgs.get(i), i + 1)));
                }
                return merges;
            }
            case "A47": {
                List<Segment> mrgs = segments(message, "MRG");
                if (mrgs.isEmpty()) {
                    throw new AdtFieldException("MRG-1", 101, "an A47 needs an MRG segment with the prior number");
                }
                return List.of(new PatientUpdate.ChangeIdentifier(patient(pids.get(0), 1,
                        statusFor(statusSegments, 0)), priorLocalId(mrgs.get(0), 1)));
            }
            case "A37": {
                if (pids.size() != 2) {
                    throw new AdtFieldException("PID", 101, "an A37 names two patients (two PID segments), this one "
                            + pids.size());
                }
                return List.of(new PatientUpdate.Unlink(patient(pids.get(0), 1, statusFor(statusSegments, 0)),
                        patient(pids.get(1), 2, statusFor(statusSegments, 1))));
            }
            default:
                throw new IllegalArgumentException("trigger event " + event + " is not one the node acts on");
        }
    }

    /**
     * The status segment that belongs to the i-th patient: the i-th PID for PID-32, else the i-th Z-segment; none
     * when the message has fewer.
     */
    private static Segment statusFor(List<Segment> statusSegments, int i) {
        return i < statusSegments.size() ? statusSegments.get(i) : null;
    }

    /** The longest family or given name the MPI holds (V3 mpi_patient). */
    static final int MAX_NAME = 200;

    private FeedPatient patient(Segment pid, int setId, Segment statusSegment) throws HL7Exception {
        String where = "PID" + (setId > 1 ? "(" + setId + ")" : "");
        String localId = null;
        String bsn = null;
        int reps = pid.getField(3).length;
        for (int r = 0; r < reps; r++) {
            String id = value(pid, 3, r, 1, 1);
            String namespace = value(pid, 3, r, 4, 1);
            String universal = value(pid, 3, r, 4, 2);
            if (id == null) {
                continue;
            }
            if (settings.localAuthority().equals(namespace) || settings.localAuthority().equals(universal)) {
                localId = id;
            } else if (AdtSettings.BSN_NAMESPACE.equals(namespace) || Bsn.ISSUER_OID.equals(universal)) {
                bsn = id;
            }
        }
        if (localId == null) {
            throw new AdtFieldException(where + "-3", 101, "no patient number of the assigning authority "
                    + settings.localAuthority() + " (CX-4) among " + reps + " identifiers");
        }
        if (localId.length() > 64) {
            // It becomes a DICOM Patient ID (LO, at most 64 characters, PS3.5 6.2).
            throw new AdtFieldException(where + "-3", 102, "the patient number is longer than the 64 characters a"
                    + " DICOM Patient ID can hold");
        }
        BsnStatus status = bsn == null ? null : status(statusSegment);
        return new FeedPatient(localId, bsn, status, name(familyName(pid), where, "family name"),
                name(value(pid, 5, firstLegalName(pid), 2, 1), where, "given name"), birthDate(pid, where),
                sex(pid, where));
    }

    /**
     * A name as the MPI holds it (mpi_patient.family_name and given_name, 200 characters). A longer one is refused
     * with the field named (AE): storing it would fail in the database, and an AR would only make the EPD send the
     * same message again.
     */
    private static String name(String value, String where, String what) {
        if (value != null && value.length() > MAX_NAME) {
            throw new AdtFieldException(where + "-5", 102, "the " + what + " has " + value.length()
                    + " characters; the MPI holds at most " + MAX_NAME);
        }
        return value;
    }

    private String priorLocalId(Segment mrg, int setId) throws HL7Exception {
        int reps = mrg.getField(1).length;
        for (int r = 0; r < reps; r++) {
            String id = value(mrg, 1, r, 1, 1);
            if (id != null && (settings.localAuthority().equals(value(mrg, 1, r, 4, 1))
                    || settings.localAuthority().equals(value(mrg, 1, r, 4, 2)))) {
                return id;
            }
        }
        throw new AdtFieldException("MRG" + (setId > 1 ? "(" + setId + ")" : "") + "-1", 101,
                "no prior patient number of the assigning authority " + settings.localAuthority());
    }

    /** The BSN status from the configured field; null when the field is empty (the EPD did not say). */
    private BsnStatus status(Segment segment) throws HL7Exception {
        if (segment == null) {
            return null;
        }
        int field = settings.bsnStatusField().field();
        if (field > segment.numFields()) {
            return null;
        }
        boolean verified = false;
        boolean validated = false;
        boolean any = false;
        int reps = segment.getField(field).length;
        for (int r = 0; r < reps; r++) {
            String code = value(segment, field, r, 1, 1);
            if (code == null) {
                continue;
            }
            any = true;
            String upper = code.toUpperCase(Locale.ROOT);
            BsnStatus own = BsnStatus.parse(code);
            verified |= settings.verifiedCodes().contains(upper) || own != null && own.verified();
            validated |= settings.validatedCodes().contains(upper) || own != null && own.validated();
        }
        // Codes the node does not know add no fact: unknown is never read as verified or validated.
        return any ? BsnStatus.of(verified, validated) : null;
    }

    private static int firstLegalName(Segment pid) throws HL7Exception {
        int reps = pid.getField(5).length;
        for (int r = 0; r < reps; r++) {
            if ("L".equals(value(pid, 5, r, 7, 1))) {
                return r;
            }
        }
        return 0;
    }

    /** The family name with its own prefix (FN-2, "van", "de"), as a Dutch EPD splits it. */
    private static String familyName(Segment pid) throws HL7Exception {
        int r = firstLegalName(pid);
        String surname = value(pid, 5, r, 1, 1);
        String prefix = value(pid, 5, r, 1, 2);
        if (surname == null) {
            return null;
        }
        return prefix == null ? surname : prefix + " " + surname;
    }

    private static String birthDate(Segment pid, String where) throws HL7Exception {
        String ts = value(pid, 7, 0, 1, 1);
        if (ts == null) {
            return null;
        }
        if (!ts.matches("\\d{8}.*")) {
            throw new AdtFieldException(where + "-7", 102, "the birth date '" + ts.replaceAll("\\d", "#")
                    + "' does not start with YYYYMMDD");
        }
        return ts.substring(0, 8);
    }

    /** HL7 table 0001 onto DICOM's (0010,0040) (PS3.3 C.7.1.1: M, F, O); U, unknown, is no value. */
    private static String sex(Segment pid, String where) throws HL7Exception {
        String s = value(pid, 8, 0, 1, 1);
        if (s == null) {
            return null;
        }
        switch (s.toUpperCase(Locale.ROOT)) {
            case "M": return "M";
            case "F": return "F";
            case "O": case "A": case "N": return "O";
            case "U": return null;
            default:
                throw new AdtFieldException(where + "-8", 103, "'" + s + "' is not a sex of HL7 table 0001");
        }
    }

    private static String value(Segment segment, int field, int rep, int component, int sub) throws HL7Exception {
        if (field > segment.numFields() || rep >= segment.getField(field).length) {
            return null;
        }
        String v = Terser.get(segment, field, rep, component, sub);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Every segment with this name, in message order, wherever the structure puts it (groups, Z-segments). */
    static List<Segment> segments(Group group, String name) throws HL7Exception {
        List<Segment> out = new ArrayList<>();
        collect(group, name, out);
        return out;
    }

    private static void collect(Group group, String name, List<Segment> out) throws HL7Exception {
        for (String n : group.getNames()) {
            for (Structure s : group.getAll(n)) {
                if (s instanceof Segment seg) {
                    if (seg.getName().equals(name) && !seg.isEmpty()) {
                        out.add(seg);
                    }
                } else if (s instanceof Group g) {
                    collect(g, name, out);
                }
            }
        }
    }
}
