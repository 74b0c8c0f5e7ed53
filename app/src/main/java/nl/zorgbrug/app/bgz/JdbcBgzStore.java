package nl.zorgbrug.app.bgz;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.store.StoredResource;

/** The BgZ store in the node's database (V23). A batch of writes is one transaction. */
public class JdbcBgzStore implements ResourceStore {
    private static final String COLUMNS = "resource_type, logical_id, patient_id, patient_bsn, persistent_id, version,"
            + " updated_at, resource_json";
    /** How many references one provenance query names at most (keeps the statement within every driver's limits). */
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcBgzStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public Optional<StoredResource> read(String type, String id) {
        return jdbc.query("select " + COLUMNS + " from bgz_resource where resource_type = ? and logical_id = ?",
                this::row, type, id).stream().findFirst();
    }

    @Override
    public List<StoredResource> forPatient(String type, String patientId) {
        return jdbc.query("select " + COLUMNS + " from bgz_resource where patient_id = ? and resource_type = ?"
                + " order by logical_id", this::row, patientId, type);
    }

    @Override
    public List<StoredResource> patientsWithBsn(String bsn) {
        return jdbc.query("select " + COLUMNS + " from bgz_resource where patient_bsn = ? and resource_type = 'Patient'"
                + " order by logical_id", this::row, bsn);
    }

    @Override
    public List<StoredResource> provenanceFor(Collection<String> references) {
        List<String> refs = List.copyOf(references);
        List<StoredResource> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int from = 0; from < refs.size(); from += CHUNK) {
            List<String> chunk = refs.subList(from, Math.min(refs.size(), from + CHUNK));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            for (StoredResource r : jdbc.query("select " + prefixed() + " from bgz_resource r where"
                    + " r.resource_type = 'Provenance' and r.logical_id in (select t.provenance_id from"
                    + " bgz_provenance_target t where t.target in (" + marks + ")) order by r.logical_id",
                    this::row, chunk.toArray())) {
                if (seen.add(r.id())) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static String prefixed() {
        return "r." + COLUMNS.replace(", ", ", r.");
    }

    @Override
    public void saveAll(List<StoredResource> resources) {
        tx.executeWithoutResult(status -> {
            for (StoredResource r : resources) {
                Timestamp at = Timestamp.from(r.updated());
                if (jdbc.update("update bgz_resource set patient_id = ?, patient_bsn = ?, persistent_id = ?, version = ?,"
                        + " updated_at = ?, resource_json = ? where resource_type = ? and logical_id = ?",
                        r.patientId(), r.patientBsn(), r.persistentId(), r.version(), at, r.json(), r.type(), r.id()) == 0) {
                    jdbc.update("insert into bgz_resource (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
                            r.type(), r.id(), r.patientId(), r.patientBsn(), r.persistentId(), r.version(), at, r.json());
                }
                if (r.type().equals("Provenance")) {
                    jdbc.update("delete from bgz_provenance_target where provenance_id = ?", r.id());
                    for (String target : new java.util.LinkedHashSet<>(r.provenanceTargets())) {
                        jdbc.update("insert into bgz_provenance_target (provenance_id, target) values (?, ?)",
                                r.id(), target);
                    }
                }
            }
        });
    }

    @Override
    public int purgePatient(String patientId) {
        Integer removed = tx.execute(status -> {
            jdbc.update("delete from bgz_provenance_target where provenance_id in (select logical_id from bgz_resource"
                    + " where resource_type = 'Provenance' and patient_id = ?)", patientId);
            return jdbc.update("delete from bgz_resource where patient_id = ? or (resource_type = 'Patient' and"
                    + " logical_id = ?)", patientId, patientId);
        });
        return removed == null ? 0 : removed;
    }

    private StoredResource row(ResultSet rs, int n) throws SQLException {
        String type = rs.getString("resource_type");
        String id = rs.getString("logical_id");
        List<String> targets = type.equals("Provenance")
                ? jdbc.queryForList("select target from bgz_provenance_target where provenance_id = ? order by target",
                        String.class, id)
                : List.of();
        return new StoredResource(type, id, rs.getString("patient_id"), rs.getString("patient_bsn"),
                rs.getString("persistent_id"), rs.getLong("version"), rs.getTimestamp("updated_at").toInstant(),
                targets, rs.getString("resource_json"));
    }
}
