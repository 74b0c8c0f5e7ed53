package nl.zorgbrug.bench;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.CXiAssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp.Precision;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.IndexedEntry;

/**
 * The generated image index of issue 20's benchmark: patients with test BSNs (11-proof), most with 1 to 10 studies, a
 * few with 500; each study one KOS DocumentEntry in a SubmissionSet of its own with its HasMember association, as an
 * imaging source registers it (RAD TF-3 §4.68.4.1.2.3; the same metadata as registry's TestSubmissions).
 *
 * <p>The texts are the registry's own: the node's ebRIM writer ({@link EbRim}) run once on a study whose values are
 * placeholders, compiled into a {@link Template}; each row then only puts its values into the slots. Ids the writer
 * makes up itself (each Classification's and ExternalIdentifier's urn:uuid) are found by writing twice and comparing,
 * and get a new UUID per row, as the node gives them. That is what makes 10 million rows feasible: the writer itself
 * (JAXB) costs about a tenth of a millisecond per object. {@link IndexBenchmark} checks a generated row against the
 * one the node writes for the same study over ITI-42.
 */
final class IndexData {
    /** The benchmark's own OID arc (the test arc 2.16.528.1.1007.99 of the project's tests). */
    static final String ROOT = "2.16.528.1.1007.99.9";
    static final String DCM = "1.2.840.10008.2.16.4";
    static final String LOINC = "2.16.840.1.113883.6.1";
    static final String ACCESSION_ISSUER = "2.16.528.1.1007.99.1";
    static final String REPOSITORY = "2.16.528.1.1007.99.2";
    static final String HOME = "urn:oid:2.16.528.1.1007.99.3";
    static final String SOURCE_ID = "2.16.528.1.1007.99.5";
    static final String[] MODALITIES = {"CT", "CT", "MR", "CR", "CR", "US", "DX", "MG"};
    static final int HEAVY = 500;

    // Placeholders: values no real study has, each found in the writer's text and made a slot.
    static final String P_BSN = "ZBXBSNZ";
    static final String P_SET_UID = "ZBXSETUIDZ";
    static final String P_ENTRY_UID = "ZBXENTRYUIDZ";
    static final String P_STUDY = "ZBXSTUDYZ";
    static final String P_ACCESSION = "ZBXACCZ";
    static final String P_LOCAL = "ZBXLOCALZ";
    static final String P_MODALITY = "ZBXMODZ";
    static final String P_HASH = "ZBXHASHZ";
    static final String P_SIZE = "987654321";
    static final String P_START = "20990102030405";
    static final String P_CREATED = "20980102030405";
    static final String P_SUBMITTED = "20970102030405";
    static final String P_SET_UUID = "urn:uuid:00000000-0000-4000-8000-0000000000a1";
    static final String P_ENTRY_UUID = "urn:uuid:00000000-0000-4000-8000-0000000000a2";
    static final String P_ASSOC_UUID = "urn:uuid:00000000-0000-4000-8000-0000000000a3";
    static final String P_MESSAGE_ID = "urn:uuid:00000000-0000-4000-8000-0000000000a4";
    static final String[] NAMES = {P_BSN, P_SET_UID, P_ENTRY_UID, P_STUDY, P_ACCESSION, P_LOCAL, P_MODALITY, P_HASH,
            P_SIZE, P_START, P_CREATED, P_SUBMITTED, P_SET_UUID, P_ENTRY_UUID, P_ASSOC_UUID, P_MESSAGE_ID};
    static final int S_BSN = 0, S_SET_UID = 1, S_ENTRY_UID = 2, S_STUDY = 3, S_ACCESSION = 4, S_LOCAL = 5,
            S_MODALITY = 6, S_HASH = 7, S_SIZE = 8, S_START = 9, S_CREATED = 10, S_SUBMITTED = 11, S_SET_UUID = 12,
            S_ENTRY_UUID = 13, S_ASSOC_UUID = 14, S_MESSAGE_ID = 15;
    /** A slot that gets a new urn:uuid each time (an id the ebRIM writer makes up). */
    static final int S_FRESH = -1;
    static final Pattern UUID = Pattern.compile("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private IndexData() {
    }

    /** The patients: BSN and studies each; {@code entries} in all, one patient per ten entries. */
    record Patients(String[] bsns, int[] studies, long entries, int heavy) {
        static Patients of(long entries) {
            int patients = (int) Math.max(1, entries / 10);
            // Light patients 1..10 studies (5.5 on average); the heavy ones take the rest, 500 each.
            int heavy = (int) Math.max(0, Math.round((entries - 5.5 * patients) / (HEAVY - 5.5)));
            int every = heavy == 0 ? Integer.MAX_VALUE : patients / heavy;
            String[] bsns = new String[patients];
            int[] studies = new int[patients];
            long sum = 0;
            int heavyMade = 0;
            for (int p = 0; p < patients; p++) {
                bsns[p] = bsn(p);
                boolean isHeavy = heavyMade < heavy && p % every == every / 2;
                studies[p] = isHeavy ? HEAVY : 1 + (int) Math.floorMod(mix(p), 10L);
                heavyMade += isHeavy ? 1 : 0;
                sum += studies[p];
            }
            return new Patients(bsns, studies, sum, heavyMade);
        }
    }

    static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }

    /** A test BSN for patient {@code p}: the first of 8 digits 30,000,000 + 5p .. +4 whose check digit the 11-proof allows. */
    static String bsn(int p) {
        for (int k = 0; k < 5; k++) {
            String eight = Integer.toString(30_000_000 + p * 5 + k);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (9 - i) * (eight.charAt(i) - '0');
            }
            if (sum % 11 < 10) {
                String bsn = eight + (sum % 11);
                if (Bsn.isValid(bsn)) {
                    return bsn;
                }
            }
        }
        throw new IllegalStateException("no test BSN near patient " + p);
    }

    /** One study's values, in slot order. */
    static String[] values(long seq, String bsn, int patient, SplittableRandom random) {
        ZonedDateTime start = ZonedDateTime.of(2005, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC)
                .plusSeconds(random.nextLong(21L * 365 * 86_400));
        String[] v = new String[NAMES.length];
        v[S_BSN] = bsn;
        v[S_SET_UID] = ROOT + ".2." + seq;
        v[S_ENTRY_UID] = ROOT + ".1." + seq;
        v[S_STUDY] = ROOT + ".3." + seq;
        v[S_ACCESSION] = "A" + seq;
        v[S_LOCAL] = "L" + patient;
        v[S_MODALITY] = MODALITIES[random.nextInt(MODALITIES.length)];
        v[S_HASH] = hex(random, 40);
        v[S_SIZE] = Integer.toString(1000 + random.nextInt(100_000));
        v[S_START] = stamp(start);
        v[S_CREATED] = stamp(start.plusHours(1));
        v[S_SUBMITTED] = stamp(start.plusHours(1).plusSeconds(random.nextInt(30 * 86_400)));
        v[S_SET_UUID] = uuid(random);
        v[S_ENTRY_UUID] = uuid(random);
        v[S_ASSOC_UUID] = uuid(random);
        v[S_MESSAGE_ID] = uuid(random);
        return v;
    }

    static String stamp(ZonedDateTime t) {
        return String.format("%04d%02d%02d%02d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond());
    }

    /** yyyyMMddHHmmss (UTC) as PostgreSQL reads a timestamp with time zone. */
    static String timestamptz(String stamp) {
        return stamp.substring(0, 4) + '-' + stamp.substring(4, 6) + '-' + stamp.substring(6, 8) + ' '
                + stamp.substring(8, 10) + ':' + stamp.substring(10, 12) + ':' + stamp.substring(12, 14) + "+00";
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex(SplittableRandom random, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = HEX[random.nextInt(16)];
        }
        return new String(c);
    }

    static String uuid(SplittableRandom random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return "urn:uuid:" + new java.util.UUID(hi, lo);
    }

    /**
     * The submission of one study: as a source sends it (symbolic ids, {@code registered} false) or as the registry
     * keeps it after ITI-42 (urn:uuid ids, the entry's logicalUuid, everything APPROVED: Registration's own steps).
     */
    static RegisterDocumentSet submission(String[] v, boolean registered) {
        Identifiable patient = new Identifiable(v[S_BSN], new AssigningAuthority(Bsn.ISSUER_OID, "ISO"));
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid(registered ? v[S_ENTRY_UUID] : "Document01");
        e.setUniqueId(v[S_ENTRY_UID]);
        e.setPatientId(patient);
        e.setSourcePatientId(new Identifiable(v[S_LOCAL], new AssigningAuthority("2.16.528.1.1007.99.4")));
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setClassCode(new Code("IMAGES", new LocalizedString("Beelden"), "2.16.840.1.113883.2.4.3.11.60.40.4.4"));
        e.setTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        e.setFormatCode(new Code("1.2.840.10008.5.1.4.1.1.88.59", new LocalizedString("Key Object Selection Document"),
                "1.2.840.10008.2.6.1"));
        e.getConfidentialityCodes().add(new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25"));
        e.setHealthcareFacilityTypeCode(new Code("Z3", new LocalizedString("Ziekenhuis"), "2.16.840.1.113883.2.4.15.1060"));
        e.setPracticeSettingCode(new Code("0362", new LocalizedString("Radiologie"), "2.16.840.1.113883.2.4.6.7"));
        e.getEventCodeList().add(new Code(v[S_MODALITY], new LocalizedString(v[S_MODALITY]), DCM));
        e.setServiceStartTime(new Timestamp(parse(v[S_START]), Precision.SECOND));
        e.setCreationTime(new Timestamp(parse(v[S_CREATED]), Precision.SECOND));
        e.setMimeType("application/dicom");
        e.setLanguageCode("nl-NL");
        e.setHash(v[S_HASH]);
        e.setSize(Long.parseLong(v[S_SIZE]));
        e.setRepositoryUniqueId(REPOSITORY);
        e.setHomeCommunityId(HOME);
        e.setTitle(new LocalizedString("Manifest", "nl-NL", "UTF-8"));
        e.getReferenceIdList().add(new ReferenceId(v[S_STUDY], null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        e.getReferenceIdList().add(new ReferenceId(v[S_ACCESSION], new CXiAssigningAuthority(null, ACCESSION_ISSUER,
                "ISO"), ReferenceId.ID_TYPE_CODE_ACCESSION));
        Author author = new Author();
        author.getAuthorInstitution().add(new Organization("Ziekenhuis Test", ACCESSION_ISSUER, null));
        e.getAuthors().add(author);
        if (registered) {
            e.setLogicalUuid(v[S_ENTRY_UUID]);
        }

        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid(registered ? v[S_SET_UUID] : "SubmissionSet01");
        set.setUniqueId(v[S_SET_UID]);
        set.setSourceId(SOURCE_ID);
        set.setPatientId(patient);
        set.setSubmissionTime(new Timestamp(parse(v[S_SUBMITTED]), Precision.SECOND));
        set.setContentTypeCode(new Code("18748-4", new LocalizedString("Diagnostic imaging study"), LOINC));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        Author setAuthor = new Author();
        setAuthor.getAuthorInstitution().add(new Organization("Ziekenhuis Test", ACCESSION_ISSUER, null));
        set.getAuthors().add(setAuthor);

        Association a = new Association(AssociationType.HAS_MEMBER, registered ? v[S_ASSOC_UUID] : "Association01",
                set.getEntryUuid(), e.getEntryUuid());
        a.setLabel(AssociationLabel.ORIGINAL);
        if (registered) {
            a.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        }
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getDocumentEntries().add(e);
        request.getAssociations().add(a);
        return request;
    }

    private static ZonedDateTime parse(String stamp) {
        return ZonedDateTime.of(Integer.parseInt(stamp.substring(0, 4)), Integer.parseInt(stamp.substring(4, 6)),
                Integer.parseInt(stamp.substring(6, 8)), Integer.parseInt(stamp.substring(8, 10)),
                Integer.parseInt(stamp.substring(10, 12)), Integer.parseInt(stamp.substring(12, 14)), 0, ZoneOffset.UTC);
    }

    static String[] placeholders() {
        return NAMES.clone();
    }

    /**
     * A text with slots: the literal parts between them and which value goes into each. Made from two writings of
     * the same placeholder values: urn:uuids in the first that the second lacks are ids the writer made up.
     */
    record Template(String[] parts, int[] slots) {
        static Template of(String first, String second) {
            Set<String> inSecond = new HashSet<>();
            Matcher m = UUID.matcher(second);
            while (m.find()) {
                inSecond.add(m.group());
            }
            Map<Integer, Object[]> found = new java.util.TreeMap<>();
            for (int s = 0; s < NAMES.length; s++) {
                for (int at = first.indexOf(NAMES[s]); at >= 0; at = first.indexOf(NAMES[s], at + 1)) {
                    found.put(at, new Object[]{s, NAMES[s].length()});
                }
            }
            m = UUID.matcher(first);
            while (m.find()) {
                if (!inSecond.contains(m.group()) && !found.containsKey(m.start())) {
                    found.put(m.start(), new Object[]{S_FRESH, m.group().length()});
                }
            }
            List<String> parts = new ArrayList<>();
            List<Integer> slots = new ArrayList<>();
            int from = 0;
            for (Map.Entry<Integer, Object[]> f : found.entrySet()) {
                if (f.getKey() < from) {
                    continue;
                }
                parts.add(first.substring(from, f.getKey()));
                slots.add((Integer) f.getValue()[0]);
                from = f.getKey() + (Integer) f.getValue()[1];
            }
            parts.add(first.substring(from));
            String[] p = parts.toArray(String[]::new);
            return new Template(p, slots.stream().mapToInt(Integer::intValue).toArray());
        }

        void fill(StringBuilder out, String[] values, SplittableRandom random) {
            for (int i = 0; i < slots.length; i++) {
                out.append(parts[i]).append(slots[i] == S_FRESH ? uuid(random) : values[slots[i]]);
            }
            out.append(parts[slots.length]);
        }

        String fill(String[] values, SplittableRandom random) {
            StringBuilder out = new StringBuilder(parts[0].length() * 4);
            fill(out, values, random);
            return out.toString();
        }
    }

    /** The ebRIM texts the registry keeps for one study, as templates; COPY gets them packed (V81's ebrim_packed). */
    record StoredTexts(Template submissionSet, Template entry, Template association, IndexedEntry index) {
        static StoredTexts make() {
            String[] v = placeholders();
            RegisterDocumentSet a = submission(v, true);
            RegisterDocumentSet b = submission(v, true);
            return new StoredTexts(
                    Template.of(EbRim.of(a.getSubmissionSet()), EbRim.of(b.getSubmissionSet())),
                    Template.of(EbRim.of(a.getDocumentEntries().get(0)), EbRim.of(b.getDocumentEntries().get(0))),
                    Template.of(EbRim.of(a.getAssociations().get(0)), EbRim.of(b.getAssociations().get(0))),
                    IndexedEntry.of(a.getDocumentEntries().get(0), Bsn.parse(bsn(0))));
        }
    }

    /** Slot values by placeholder name, for messages. */
    static Map<String, String> named(String[] v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], v[i]);
        }
        return m;
    }
}
