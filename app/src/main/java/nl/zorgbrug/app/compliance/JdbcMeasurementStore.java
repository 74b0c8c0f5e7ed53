package nl.zorgbrug.app.compliance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.bsn.classify.Evidence;
import nl.zorgbrug.bsn.classify.Verdict;
import nl.zorgbrug.compliance.measure.Exemption;
import nl.zorgbrug.compliance.measure.HeaderFacts;
import nl.zorgbrug.compliance.measure.MeasuredObject;
import nl.zorgbrug.compliance.measure.MeasuredStudy;
import nl.zorgbrug.compliance.measure.StudyMark;
import nl.zorgbrug.gateway.job.Direction;

/** The measurement's objects and marks in the node's database (V21__compliance_measurement.sql). */
public class JdbcMeasurementStore implements nl.zorgbrug.compliance.joblog.MeasurementStore {
    private final JdbcTemplate jdbc;

    public JdbcMeasurementStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * An object arrived (or arrived again: a resend replaces the verdict, time and header facts). For an import the
     * institution is the sender's; for an export it comes with {@link #joined}.
     */
    @Override
    public void received(Direction direction, String study, String sop, String route, String institution, String aeTitle,
                         Verdict verdict, Instant at, HeaderFacts facts) {
        String modality = facts.modality() == null ? null : facts.modality().substring(0, Math.min(16, facts.modality().length()));
        java.sql.Date date = facts.studyDate() == null ? null : java.sql.Date.valueOf(facts.studyDate());
        int n = jdbc.update("update compliance_object set route = ?, ae_title = ?, verdict = ?, received_at = ?,"
                        + " modality = ?, study_date = ?, foreigner = ?, evidence = ?"
                        + " where direction = ? and study_instance_uid = ? and sop_instance_uid = ?",
                route, aeTitle, verdict.name(), Timestamp.from(at), modality, date, facts.foreigner(),
                evidence(facts.evidence()), direction.name(), study, sop);
        if (n == 0) {
            jdbc.update("insert into compliance_object (direction, study_instance_uid, sop_instance_uid, route,"
                            + " ae_title, verdict, received_at, modality, study_date, foreigner, evidence)"
                            + " values (?,?,?,?,?,?,?,?,?,?,?)",
                    direction.name(), study, sop, route, aeTitle, verdict.name(), Timestamp.from(at), modality, date,
                    facts.foreigner(), evidence(facts.evidence()));
        }
        if (direction == Direction.IMPORT) {
            jdbc.update("update compliance_object set institution_key = ? where direction = ? and study_instance_uid = ?"
                    + " and sop_instance_uid = ?", institution, direction.name(), study, sop);
        }
    }

    /** The object joined its job: the destination (an export's institution) and the route's urgency. */
    @Override
    public void joined(Direction direction, String study, String sop, long jobId, String destination, boolean urgent) {
        jdbc.update("update compliance_object set job_id = ?, urgent = ?"
                        + " where direction = ? and study_instance_uid = ? and sop_instance_uid = ?",
                jobId, urgent, direction.name(), study, sop);
        if (direction == Direction.EXPORT) {
            jdbc.update("update compliance_object set institution_key = ? where direction = ? and study_instance_uid = ?"
                    + " and sop_instance_uid = ?", destination, direction.name(), study, sop);
        }
    }

    /** Kept once per outbox position. */
    @Override
    public void mark(long eventId, StudyMark mark) {
        if (jdbc.queryForObject("select count(*) from compliance_mark where event_id = ?", Integer.class, eventId) == 0) {
            jdbc.update("insert into compliance_mark (event_id, study_instance_uid, kind, reason, user_name, at)"
                            + " values (?,?,?,?,?,?)", eventId, mark.studyInstanceUid(), mark.kind().name(),
                    mark.reason(), mark.user(), Timestamp.from(mark.at()));
        }
    }

    /** The objects received in [from, to). */
    public List<MeasuredObject> objects(Instant from, Instant to) {
        return jdbc.query("select * from compliance_object where received_at >= ? and received_at < ?"
                + " order by received_at, sop_instance_uid", (rs, n) -> object(rs), Timestamp.from(from), Timestamp.from(to));
    }

    /** Every object of one study (both directions), whenever received. */
    public List<MeasuredObject> study(String studyInstanceUid) {
        return jdbc.query("select * from compliance_object where study_instance_uid = ? order by received_at,"
                + " sop_instance_uid", (rs, n) -> object(rs), studyInstanceUid);
    }

    /** The study of a job, when the measurement saw it. */
    @Override
    public List<String> studiesOfJob(long jobId) {
        return jdbc.queryForList("select distinct study_instance_uid from compliance_object where job_id = ?",
                String.class, jobId);
    }

    /** Studies asked about in one query: well under the IN-list limits of H2 and PostgreSQL. */
    private static final int STUDIES_PER_QUERY = 500;

    /**
     * The Patient IDs of the jobs of these studies, each study in its own direction, as the jobs hold them (as the
     * object arrived, as the job list shows them): who a list of studies is about (issue 17, NEN 7513: a list names
     * the patients it showed). Read from the job table by {@code job_by_study}, so a study whose objects have not
     * joined their job yet is found as soon as the job exists; a study without a job (quarantined) gives none.
     */
    public java.util.Set<nl.zorgbrug.app.access.ShownPatients.IssuedId> patientIds(
            java.util.Collection<MeasuredStudy> studies) {
        java.util.Set<String> shown = new java.util.HashSet<>();
        studies.forEach(s -> shown.add(s.direction().name() + "|" + s.studyInstanceUid()));
        return patientIds(shown, studies.stream().map(MeasuredStudy::studyInstanceUid).distinct().toList());
    }

    /** As {@link #patientIds(java.util.Collection)}, for studies of one direction named by their UIDs. */
    public java.util.Set<nl.zorgbrug.app.access.ShownPatients.IssuedId> patientIds(Direction direction,
                                                                                  java.util.Collection<String> studies) {
        java.util.Set<String> shown = new java.util.HashSet<>();
        studies.forEach(uid -> shown.add(direction.name() + "|" + uid));
        return patientIds(shown, studies.stream().distinct().toList());
    }

    /** Each with the issuer its object named and the job's direction, which say whose number it is (PatientIds). */
    private java.util.Set<nl.zorgbrug.app.access.ShownPatients.IssuedId> patientIds(java.util.Set<String> shown,
                                                                                   List<String> uids) {
        java.util.Set<nl.zorgbrug.app.access.ShownPatients.IssuedId> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < uids.size(); i += STUDIES_PER_QUERY) {
            List<String> part = uids.subList(i, Math.min(uids.size(), i + STUDIES_PER_QUERY));
            jdbc.query("select study_instance_uid, direction, patient_id, patient_id_issuer from job"
                    + " where study_instance_uid in (" + String.join(",", java.util.Collections.nCopies(part.size(), "?"))
                    + ") and patient_id is not null order by id", rs -> {
                if (shown.contains(rs.getString(2) + "|" + rs.getString(1)) && !rs.getString(3).isBlank()) {
                    ids.add(new nl.zorgbrug.app.access.ShownPatients.IssuedId(rs.getString(3), rs.getString(4),
                            Direction.valueOf(rs.getString(2))));
                }
            }, part.toArray());
        }
        return ids;
    }

    public List<StudyMark> marks() {
        return jdbc.query("select * from compliance_mark order by event_id", (rs, n) -> new StudyMark(
                rs.getString("study_instance_uid"), Exemption.valueOf(rs.getString("kind")), rs.getString("reason"),
                rs.getString("user_name"), rs.getTimestamp("at").toInstant()));
    }

    private static MeasuredObject object(ResultSet rs) throws SQLException {
        java.sql.Date date = rs.getDate("study_date");
        long job = rs.getLong("job_id");
        return new MeasuredObject(Direction.valueOf(rs.getString("direction")), rs.getString("study_instance_uid"),
                rs.getString("sop_instance_uid"), rs.getString("route"), rs.getString("institution_key"),
                rs.getString("ae_title"), rs.getString("modality"), date == null ? null : LocalDate.parse(date.toString()),
                rs.getTimestamp("received_at").toInstant(), Verdict.valueOf(rs.getString("verdict")),
                rs.getBoolean("urgent"), rs.getBoolean("foreigner"), evidence(rs.getString("evidence")));
    }

    static String evidence(List<Evidence> evidence) {
        StringBuilder b = new StringBuilder();
        for (Evidence e : evidence) {
            b.append(clean(e.tag())).append('\t').append(clean(e.value())).append('\t').append(clean(e.note())).append('\n');
        }
        return b.length() > 4000 ? b.substring(0, 4000) : b.toString();
    }

    static List<Evidence> evidence(String text) {
        List<Evidence> list = new ArrayList<>();
        if (text == null) {
            return list;
        }
        for (String line : text.split("\n")) {
            String[] p = line.split("\t", -1);
            if (p.length == 3) {
                list.add(new Evidence(p[0], p[1].isEmpty() ? null : p[1], p[2]));
            }
        }
        return list;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }
}
