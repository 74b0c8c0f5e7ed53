package nl.zorgbrug.app.bgz;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.bgz.store.ResourceStore;
import nl.zorgbrug.bgz.stu3.SearchCodes;
import nl.zorgbrug.bgz.store.StoredResource;

/** The BgZ store in the node's database (V23). A batch of writes is one transaction. */
public class JdbcBgzStore implements ResourceStore {
    private static final String COLUMNS = "resource_type, logical_id, patient_id, patient_bsn, persistent_id, version,"
            + " updated_at, resource_json";
    /** How many references one provenance query names at most (keeps the statement within every driver's limits). */
    private static final int CHUNK = 500;
    /** Ids per statement of {@link #byIds} on H2 (see there). */
    private static final int H2_CHUNK = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private volatile Boolean postgres;

    public JdbcBgzStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public Optional<StoredResource> read(String type, String id) {
        return rows(jdbc.query("select " + COLUMNS + " from bgz_resource where resource_type = ? and logical_id = ?",
                this::row, type, id)).stream().findFirst();
    }

    @Override
    public List<StoredResource> forPatient(String type, String patientId) {
        return rows(jdbc.query("select " + COLUMNS + " from bgz_resource where patient_id = ? and resource_type = ?"
                + " order by logical_id", this::row, patientId, type));
    }

    /**
     * The patient's resources of the type that carry one of {@code codes} in {@code param} (V70, {@link SearchCodes}),
     * and those stored before the codes were kept ({@code codes_indexed} false), which may match as well. In two steps,
     * each on an index (the ids, then the rows by primary key): one statement with {@code logical_id in (select ...)}
     * has H2 test the list once per row of the patient's type.
     */
    @Override
    public List<StoredResource> forPatient(String type, String patientId, String param, Set<String> codes) {
        if (!SearchCodes.indexes(type) || codes.isEmpty() || codes.size() > CHUNK) {
            return forPatient(type, patientId);
        }
        List<Object> args = new ArrayList<>(List.of(patientId, type, param));
        args.addAll(codes);
        Set<String> ids = new java.util.TreeSet<>(jdbc.queryForList("select distinct logical_id from bgz_search_code"
                + " where patient_id = ? and resource_type = ? and param = ? and code in (" + marks(codes.size()) + ")",
                String.class, args.toArray()));
        ids.addAll(jdbc.queryForList("select logical_id from bgz_resource where patient_id = ? and resource_type = ?"
                + " and codes_indexed = false", String.class, patientId, type));
        return byIds(type, List.copyOf(ids));
    }

    /**
     * Rows of one type by logical id, each statement's rows in the order of their ids. Issue 19's profile
     * (docs/benchmarks.md, "Where the laboratory query's time goes"): with {@code logical_id in (500 parameters)} both
     * databases may scan every row of the type, of every patient, testing the list on each (the laboratory query read
     * 46,296 rows of {@code bgz_resource} on PostgreSQL for the 963 it serves; H2's list test was a fifth of its CPU).
     * PostgreSQL gets the ids as one array, each id looked up on its own ({@code unnest(?)}, a lateral subquery that
     * {@code offset 0} keeps from being flattened into a join): as {@code logical_id = any(?)} it looked them up on
     * {@code bgz_resource_id_type} before its statistics were gathered, but with them (20 patients in the benchmark)
     * it read all rows of the type by the primary key's first column and tested the array on each (4 such scans per
     * set, 71,160 index entries; pg_stat_user_indexes); a plain join of the array was planned as a hash join over all
     * rows of the type before statistics (23 ms for 875 Observations). A lookup per id is 2.4 ms for 875 either way; H2, which plans that form as a scan as well, gets lists of {@link #H2_CHUNK}
     * (measured on H2 2.3.232 with 20 patients' Observations: 500 rows in 12.6 ms as one list of 500, 2.2 ms as five
     * lists of 100).
     */
    private List<StoredResource> byIds(String type, List<String> ids) {
        List<StoredResource> out = new ArrayList<>();
        for (List<String> chunk : chunks(ids)) {
            if (postgres()) {
                out.addAll(jdbc.query("select " + COLUMNS + " from unnest(?::text[]) as wanted(id) cross join lateral"
                        + " (select * from bgz_resource where resource_type = ? and logical_id = wanted.id offset 0) r"
                        + " order by logical_id", this::row, chunk.toArray(new String[0]), type));
                continue;
            }
            List<Object> args = new ArrayList<>();
            args.add(type);
            addIn(args, chunk);
            out.addAll(jdbc.query("select " + COLUMNS + " from bgz_resource where resource_type = ? and "
                    + in("logical_id", chunk.size()) + " order by logical_id", this::row, args.toArray()));
        }
        return rows(out);
    }

    /** {@code values} in lists of at most what one statement names on this database ({@link #byIds}). */
    private List<List<String>> chunks(List<String> values) {
        int size = postgres() ? CHUNK : H2_CHUNK;
        List<List<String>> out = new ArrayList<>();
        for (int from = 0; from < values.size(); from += size) {
            out.add(values.subList(from, Math.min(values.size(), from + size)));
        }
        return out;
    }

    /** {@code column} is one of {@code n} values: one array parameter on PostgreSQL, a list of them on H2. */
    private String in(String column, int n) {
        return postgres() ? column + " = any(?)" : column + " in (" + marks(n) + ")";
    }

    /** The arguments of {@link #in}: a text[] on PostgreSQL (pgjdbc binds a String[] as one), else each value. */
    private void addIn(List<Object> args, List<String> values) {
        if (postgres()) {
            args.add(values.toArray(new String[0]));
        } else {
            args.addAll(values);
        }
    }

    /** Whether the store is on PostgreSQL (else H2 in PostgreSQL mode), asked of the database once. */
    private boolean postgres() {
        Boolean p = postgres;
        if (p == null) {
            p = jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>) c -> c.getMetaData()
                    .getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres"));
            postgres = p;
        }
        return p;
    }

    /** The stored resources of {@code references}: one query per type (and per {@link #CHUNK} ids). */
    @Override
    public List<StoredResource> readAll(Collection<String> references) {
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (String ref : new LinkedHashSet<>(references)) {
            String[] typeId = ref.split("/", 2);
            idsByType.computeIfAbsent(typeId[0], t -> new ArrayList<>()).add(typeId[1]);
        }
        List<StoredResource> out = new ArrayList<>();
        idsByType.forEach((type, ids) -> out.addAll(byIds(type, ids)));
        return out;
    }

    private static String marks(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    @Override
    public List<StoredResource> patientsWithBsn(String bsn) {
        return rows(jdbc.query("select " + COLUMNS + " from bgz_resource where patient_bsn = ? and resource_type ="
                + " 'Patient' order by logical_id", this::row, bsn));
    }

    /**
     * In two steps, each on an index: the Provenance ids naming the targets ({@code bgz_provenance_target_target}),
     * then those rows by primary key. One statement with {@code logical_id in (select ... where target in (...))} made
     * H2 test every Provenance of every patient against the list (a search's cost grew with the store; found by the
     * BgZ benchmark, docs/benchmarks.md).
     */
    @Override
    public List<StoredResource> provenanceFor(Collection<String> references) {
        List<String> refs = List.copyOf(new LinkedHashSet<>(references));
        Set<String> ids = new java.util.TreeSet<>();
        for (List<String> chunk : chunks(refs)) {
            List<Object> args = new ArrayList<>();
            addIn(args, chunk);
            ids.addAll(jdbc.queryForList("select distinct provenance_id from bgz_provenance_target where "
                    + in("target", chunk.size()), String.class, args.toArray()));
        }
        return byIds("Provenance", List.copyOf(ids));
    }

    /**
     * The ids of the patients' Provenance naming the references (V76: {@code bgz_provenance_target} keeps the patient
     * of its Provenance, index {@code (patient_id, target, provenance_id)}), then those rows by primary key; rows of
     * other patients left out. By target alone (V23's index) PostgreSQL looked up the laboratory query's 875 matches
     * one by one, and planned {@code target = any(?)} for 30 targets or more as a scan of the whole table: before its
     * statistics are gathered by their estimate, and with them in the benchmark's store of 20 patients (18 scans per
     * set; docs/benchmarks.md, "The BgZ query set"). On PostgreSQL the references are joined as a table
     * ({@code unnest(?)}) to the patient's target rows: a lookup in the index per reference, which it plans so with or
     * without statistics. On H2 for more than {@link #H2_CHUNK} references all of each patient's target rows in one
     * range of that index, the references tested here (H2 2.3.232 uses the patient column alone of
     * {@code patient_id = ? and target in (...)} and tests the list on each row); for fewer by target (V23's index).
     * Provenance of no patient (the feed found none) are looked up by target, when there are any.
     */
    @Override
    public List<StoredResource> provenanceFor(Collection<String> references, Collection<String> patientIds) {
        List<String> refs = List.copyOf(new LinkedHashSet<>(references));
        Set<String> patients = new LinkedHashSet<>(patientIds);
        if (refs.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new java.util.TreeSet<>();
        if (postgres()) {
            String[] targets = refs.toArray(new String[0]);
            for (String patient : patients) {
                ids.addAll(jdbc.queryForList("select distinct t.provenance_id from unnest(?::text[]) as m(target) join"
                        + " bgz_provenance_target t on t.patient_id = ? and t.target = m.target", String.class,
                        targets, patient));
            }
            if (anyOfNoPatient()) {
                ids.addAll(jdbc.queryForList("select distinct t.provenance_id from unnest(?::text[]) as m(target) join"
                        + " bgz_provenance_target t on t.patient_id is null and t.target = m.target", String.class,
                        (Object) targets));
            }
        } else if (refs.size() > H2_CHUNK) {
            Set<String> wanted = Set.copyOf(refs);
            for (String patient : patients) {
                jdbc.query("select provenance_id, target from bgz_provenance_target where patient_id = ?",
                        (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                            if (wanted.contains(rs.getString(2))) {
                                ids.add(rs.getString(1));
                            }
                        }, patient);
            }
            if (anyOfNoPatient()) {
                ids.addAll(byTarget("patient_id is null and ", null, refs));
            }
        } else {
            ids.addAll(byTarget("", null, refs));
        }
        return byIds("Provenance", List.copyOf(ids)).stream()
                .filter(r -> r.patientId() == null || patients.contains(r.patientId())).toList();
    }

    /** Whether any Provenance target row has no patient (one look in the index; normally none). */
    private boolean anyOfNoPatient() {
        return !jdbc.queryForList("select provenance_id from bgz_provenance_target where patient_id is null fetch first"
                + " 1 rows only", String.class).isEmpty();
    }

    /** The Provenance ids of the target rows matching {@code where} (with {@code arg} unless null) naming one of refs. */
    private Set<String> byTarget(String where, String arg, List<String> refs) {
        Set<String> ids = new java.util.TreeSet<>();
        for (List<String> chunk : chunks(refs)) {
            List<Object> args = new ArrayList<>();
            if (arg != null) {
                args.add(arg);
            }
            addIn(args, chunk);
            ids.addAll(jdbc.queryForList("select distinct provenance_id from bgz_provenance_target where " + where
                    + in("target", chunk.size()), String.class, args.toArray()));
        }
        return ids;
    }

    @Override
    public void saveAll(List<StoredResource> resources) {
        tx.executeWithoutResult(status -> {
            for (StoredResource r : resources) {
                Timestamp at = Timestamp.from(r.updated());
                // The codes before the row, so that the row is written once with codes_indexed as it is: set by a
                // second update it left a dead row version per Observation in V70's index until the next vacuum.
                Optional<Map<String, Set<String>>> codes = SearchCodes.indexes(r.type())
                        ? SearchCodes.of(r.type(), r.json()) : Optional.empty();
                if (jdbc.update("update bgz_resource set patient_id = ?, patient_bsn = ?, persistent_id = ?, version = ?,"
                        + " updated_at = ?, resource_json = ?, codes_indexed = ? where resource_type = ? and"
                        + " logical_id = ?", r.patientId(), r.patientBsn(), r.persistentId(), r.version(), at, r.json(),
                        codes.isPresent(), r.type(), r.id()) == 0) {
                    jdbc.update("insert into bgz_resource (" + COLUMNS + ", codes_indexed) values (?, ?, ?, ?, ?, ?, ?,"
                            + " ?, ?)", r.type(), r.id(), r.patientId(), r.patientBsn(), r.persistentId(), r.version(),
                            at, r.json(), codes.isPresent());
                }
                if (SearchCodes.indexes(r.type())) {
                    jdbc.update("delete from bgz_search_code where resource_type = ? and logical_id = ?", r.type(),
                            r.id());
                    if (codes.isPresent()) {
                        List<Object[]> batch = new ArrayList<>();
                        codes.get().forEach((param, values) -> values.forEach(code -> batch.add(new Object[] {
                            r.type(), r.id(), r.patientId(), param, code})));
                        jdbc.batchUpdate("insert into bgz_search_code (resource_type, logical_id, patient_id, param,"
                                + " code) values (?, ?, ?, ?, ?)", batch);
                    }
                }
                if (r.type().equals("Provenance")) {
                    jdbc.update("delete from bgz_provenance_target where provenance_id = ?", r.id());
                    for (String target : new java.util.LinkedHashSet<>(r.provenanceTargets())) {
                        jdbc.update("insert into bgz_provenance_target (provenance_id, target, patient_id) values"
                                + " (?, ?, ?)", r.id(), target, r.patientId());
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
            jdbc.update("delete from bgz_search_code where patient_id = ?", patientId);
            return jdbc.update("delete from bgz_resource where patient_id = ? or (resource_type = 'Patient' and"
                    + " logical_id = ?)", patientId, patientId);
        });
        return removed == null ? 0 : removed;
    }

    /** A row without its Provenance targets; {@link #rows} adds them. */
    private StoredResource row(ResultSet rs, int n) throws SQLException {
        return new StoredResource(rs.getString("resource_type"), rs.getString("logical_id"), rs.getString("patient_id"),
                rs.getString("patient_bsn"), rs.getString("persistent_id"), rs.getLong("version"),
                rs.getTimestamp("updated_at").toInstant(), List.of(), rs.getString("resource_json"));
    }

    /**
     * The rows with the targets of the Provenance among them, read in one query per {@link #CHUNK} Provenance (not
     * one per row: a search's revinclude names a Provenance per ten zibs).
     */
    private List<StoredResource> rows(List<StoredResource> read) {
        List<String> provenance = read.stream().filter(r -> r.type().equals("Provenance")).map(StoredResource::id)
                .distinct().toList();
        if (provenance.isEmpty()) {
            return read;
        }
        Map<String, List<String>> targets = new java.util.HashMap<>();
        for (int from = 0; from < provenance.size(); from += CHUNK) {
            List<String> chunk = provenance.subList(from, Math.min(provenance.size(), from + CHUNK));
            jdbc.query("select provenance_id, target from bgz_provenance_target where provenance_id in ("
                    + marks(chunk.size()) + ") order by provenance_id, target", (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                        targets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    }, chunk.toArray());
        }
        List<StoredResource> out = new ArrayList<>(read.size());
        for (StoredResource r : read) {
            out.add(!r.type().equals("Provenance") ? r : new StoredResource(r.type(), r.id(), r.patientId(),
                    r.patientBsn(), r.persistentId(), r.version(), r.updated(), targets.getOrDefault(r.id(),
                    List.of()), r.json()));
        }
        return out;
    }
}
