package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.FindScu;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.dicom.net.service.RemoteAe;

/**
 * The own PACS's studies of a patient by C-FIND (Study Root, STUDY level, PS3.4 C.6.2) on an association of its own.
 * Matching is on Patient ID alone: not every PACS matches on Issuer of Patient ID (an attribute of the Patient module
 * that Orthanc, for one, does not index), so the issuer is a return key and a match with another issuer is left out;
 * a match without one is the PACS's own numbering, which is the local issuer. A PACS that refuses (an unknown AE
 * title: Orthanc as installed aborts at the first C-FIND) or fails is an {@link IOException} naming it, so the
 * timeline says it could not compare, never that nothing is here.
 */
public final class DimseOwnPacs implements OwnPacs {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;

    /** Where the own PACS answers, and the AE title it knows this node by. */
    private final RemoteAe pacs;
    private final Connector connector;

    public DimseOwnPacs(RemoteAe pacs, Connector connector) {
        this.pacs = Objects.requireNonNull(pacs);
        this.connector = Objects.requireNonNull(connector);
    }

    /** The study-level keys (PS3.4 C.6.2.1.2): empty values ask the PACS to return them. */
    static DataSet keys(String patientId) {
        DataSet keys = new DataSet();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        keys.setString(Tag.PatientID, VR.LO, patientId);
        keys.setString(Tag.IssuerOfPatientID, VR.LO);
        keys.setString(Tag.StudyInstanceUID, VR.UI);
        keys.setString(Tag.StudyDate, VR.DA);
        keys.setString(Tag.StudyTime, VR.TM);
        keys.setString(Tag.ModalitiesInStudy, VR.CS);
        keys.setString(Tag.StudyDescription, VR.LO);
        keys.setString(Tag.AccessionNumber, VR.SH);
        return keys;
    }

    @Override
    public List<LocalStudy> studies(String patientId, String issuer) throws IOException {
        if (patientId.contains("*") || patientId.contains("?") || patientId.contains("\\")) {
            throw new IOException("local id " + patientId + " holds a C-FIND wildcard or separator; not asked");
        }
        List<LocalStudy> studies = new ArrayList<>();
        try (Association as = connector.connect(pacs.host(), pacs.port(), connector.request(pacs.callingAeTitle(),
                pacs.aeTitle(), List.of(QueryRetrieve.context(1, QueryRetrieve.STUDY_ROOT_FIND)), List.of(), null))) {
            Status status = FindScu.find(new Dimse(as), QueryRetrieve.STUDY_ROOT_FIND, keys(patientId), match -> {
                String uid = match.getString(Tag.StudyInstanceUID);
                String theirs = match.getString(Tag.IssuerOfPatientID);
                if (uid != null && !uid.isBlank() && (theirs == null || theirs.isBlank() || theirs.strip().equals(issuer))) {
                    studies.add(study(match, uid.strip()));
                }
                return true;
            });
            if (!status.isSuccess()) {
                throw new IOException("the own PACS " + pacs + " answered C-FIND from " + pacs.callingAeTitle() + " with "
                        + status + "; it must know this node's AE title as a node that may query");
            }
            as.release();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(pacs.toString())) {
                throw e;
            }
            throw new IOException("the own PACS " + pacs + " could not be asked (C-FIND from AE title "
                    + pacs.callingAeTitle() + "): " + e.getMessage(), e);
        }
        return studies;
    }

    private static LocalStudy study(DataSet match, String uid) {
        String[] modalities = match.getStrings(Tag.ModalitiesInStudy);
        return new LocalStudy(uid, started(match.getString(Tag.StudyDate), match.getString(Tag.StudyTime)),
                modalities == null ? List.of() : Arrays.stream(modalities).filter(Objects::nonNull).map(String::strip)
                        .filter(m -> !m.isEmpty()).distinct().toList(),
                blankToNull(match.getString(Tag.StudyDescription)), blankToNull(match.getString(Tag.AccessionNumber)));
    }

    /** Study Date (DA) and Time (TM, PS3.5 6.2: HH, HHMM, HHMMSS, fractions) as local date and time; null without a date. */
    static LocalDateTime started(String date, String time) {
        if (date == null || date.isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.strip(), DA);
        } catch (DateTimeParseException e) {
            return null;
        }
        String t = time == null ? "" : time.strip().replace(":", "");
        int dot = t.indexOf('.');
        if (dot >= 0) {
            t = t.substring(0, dot);
        }
        try {
            int h = t.length() >= 2 ? Integer.parseInt(t.substring(0, 2)) : 0;
            int m = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
            int s = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
            return LocalDateTime.of(day, LocalTime.of(h, m, Math.min(s, 59)));
        } catch (RuntimeException e) {
            return day.atStartOfDay();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
