package nl.zorgbrug.app.privacy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.app.registry.StoredEbRim;
import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.io.Part10Reader;

/**
 * Study labels from what the node keeps of issue 20's studies: the newest KOS manifest this node made as source
 * (V47: Study Description (0008,1030) and Study Date (0008,0020) copied from the study, RAD TF-3 §4.68.4.1.2.1), else
 * the registry's index (V28): the KOS DocumentEntry found by its referenceIdList's Study Instance UID
 * ({@code urn:ihe:iti:xds:2016:studyInstanceUID}), its title (the study description the source gave), serviceStartTime
 * and eventCodeList (the modalities). Both tables exist on every node (one set of migrations); on a node of another
 * role they are empty and the overview shows the UID.
 */
public final class JdbcStudyLabels implements StudyLabels {
    static final String STUDY_INSTANCE_UID = "urn:ihe:iti:xds:2016:studyInstanceUID";
    /** The DocumentEntry's Name (ebRIM 3.0, ITI TF-3 §4.2.3.2.24 title): its first LocalizedString. */
    private static final Pattern TITLE = Pattern.compile(
            "<(?:\\w+:)?Name>\\s*<(?:\\w+:)?LocalizedString[^>]*?value=\"([^\"]*)\"");

    /** The DICOM coding scheme of the modalities in eventCodeList (RAD TF-3 §4.68.4.1.2.3.2). */
    static final String DCM = "1.2.840.10008.2.16.4";

    private final JdbcTemplate jdbc;
    private final ZoneId zone;

    public JdbcStudyLabels(JdbcTemplate jdbc, ZoneId zone) {
        this.jdbc = jdbc;
        this.zone = zone;
    }

    @Override
    public Optional<StudyLabel> of(String studyInstanceUid) {
        if (studyInstanceUid == null || studyInstanceUid.isBlank()) {
            return Optional.empty();
        }
        return fromKos(studyInstanceUid).or(() -> fromIndex(studyInstanceUid));
    }

    private Optional<StudyLabel> fromKos(String study) {
        List<byte[]> kos = jdbc.query("select kos from xds_repository_document where study_instance_uid = ?"
                + " order by created desc fetch first 1 rows only", (rs, i) -> rs.getBytes(1), study);
        if (kos.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = kos.get(0);
        try (ByteArrayInputStream in = new ByteArrayInputStream(bytes)) {
            DataSet a = Part10Reader.read(in, "KOS of study " + study, bytes.length,
                    Part10Reader.STOP_BEFORE_PIXEL_DATA).dataSet();
            return Optional.of(new StudyLabel(a.getString(Tag.StudyDescription), dicomDate(a.getString(Tag.StudyDate)),
                    List.of()));
        } catch (IOException | RuntimeException unreadable) {
            // The KOS was written by this node; one it cannot read back names no study: fall back to the index.
            return Optional.empty();
        }
    }

    private Optional<StudyLabel> fromIndex(String study) {
        record Entry(String uuid, java.time.Instant start, String ebrim) {
        }
        List<Entry> entries = jdbc.query("select e.entry_uuid, e.service_start, " + StoredEbRim.columns("e.")
                + " from xds_document_entry e join xds_document_reference r on r.entry_uuid = e.entry_uuid"
                + " where r.ref_value = ? and r.id_type = ? order by e.service_start desc",
                (rs, i) -> new Entry(rs.getString(1), rs.getTimestamp(2) == null ? null
                        : rs.getTimestamp(2).toInstant(), StoredEbRim.read(rs, "xds_document_entry " + rs.getString(1))),
                study, STUDY_INSTANCE_UID);
        // The KOS's entry (mimeType application/dicom, RAD TF-3 §4.68.4.1.2.3.2), not a report registered beside it.
        Optional<Entry> kos = entries.stream().filter(e -> e.ebrim().contains("mimeType=\"application/dicom\""))
                .findFirst().or(() -> entries.stream().findFirst());
        return kos.map(e -> {
            String title = title(e.ebrim());
            // "Manifest" is the title KosSubmission gives a study without a description: no words for a patient.
            String description = title == null || title.equals("Manifest") ? null : title;
            List<String> modalities = jdbc.queryForList("select code from xds_document_event_code where entry_uuid = ?"
                    + " and scheme = ? order by code", String.class, e.uuid(), DCM);
            return new StudyLabel(description, e.start() == null ? null : e.start().atZone(zone).toLocalDate(),
                    modalities);
        });
    }

    static LocalDate dicomDate(String da) {
        if (da == null || da.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(da.strip(), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    static String title(String ebrim) {
        Matcher m = TITLE.matcher(ebrim == null ? "" : ebrim);
        // The attribute's value as XML escapes it (XML 1.0 §4.6, the predefined entities), &amp; last.
        return m.find() ? m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&apos;", "'").replace("&amp;", "&") : null;
    }
}
