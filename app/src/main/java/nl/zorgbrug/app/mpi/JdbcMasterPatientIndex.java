package nl.zorgbrug.app.mpi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.annotation.Transactional;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.bsn.mpi.BsnStatus;
import nl.zorgbrug.bsn.mpi.IdentityConflict;
import nl.zorgbrug.bsn.mpi.SbvzVerification;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.bsn.mpi.MpiPatient;
import nl.zorgbrug.bsn.mpi.NameSearch;

/**
 * The MPI port on a database table, filled from the hospital's CSV export (columns of issue 4) and the EPD's feed.
 *
 * <p><b>Lookups are planned with their values on PostgreSQL.</b> The table grows from empty while the node runs (the
 * feed registers patients), on connections the pool keeps open. pgjdbc makes a statement server-prepared from its
 * fifth execution (prepareThreshold), and PostgreSQL then keeps a generic plan, made without the values, for as long
 * as the connection lives unless statistics change (PostgreSQL 15 documentation, PREPARE, "Notes"). A plan made on the
 * first, tiny table reads every row: issue 16's benchmark found, by auto_explain, a sequential scan of
 * {@code mpi_patient} for every message, so the feed slowed down round after round as the MPI grew while the same
 * statements on a new connection did not (docs/benchmarks.md, the EPD feed). Autovacuum's ANALYZE would force a new
 * plan, but where it is off, or between its runs, nothing does. So while the table is small the lookups go as
 * pgjdbc's unnamed statements ({@link PGStatement#setPrepareThreshold} 0), which PostgreSQL plans for the values given
 * at each execution: the indexes of the key and of the BSN, whatever the table was when the connection opened.
 *
 * <p><b>Planned once when the table is large.</b> A plan per lookup is not free: the lookup of the feed
 * ({@code local_id = ? or bsn = ?}) took about 0.1 ms more planned per execution than server-prepared, a tenth of
 * what a whole message may cost at 1,000 messages a second (issue 16's benchmark, JFR socket events of the node and
 * the same statements on one JDBC connection). A plan made once goes wrong only when it is made on a table of a few
 * pages: PostgreSQL 15 turns the lookup's plan from a scan of the table to the two indexes between 9 and 17 pages, and
 * sizes the table by its pages at the time it plans, even with statistics taken when it held one row. So once the
 * table has {@link #PLAN_ONCE_FROM_PAGES} pages (some 2,000 patients) the lookups are left to pgjdbc's default
 * (server-prepared from the fifth execution on a connection, then PostgreSQL's generic plan): made on a table that
 * large, that plan reads by index, and stays right as the table grows. The size is looked at when the index is made
 * and every {@link #SIZE_CHECK_EVERY} lookups after ({@code pg_relation_size}, one statement); a table that shrank
 * below the mark (a CSV import replacing everything, then VACUUM) goes back to a plan per lookup at the next look.
 */
public class JdbcMasterPatientIndex implements MpiStore {
    private static final RowMapper<MpiPatient> ROW = (rs, n) -> new MpiPatient(rs.getString("local_id"),
            rs.getString("local_issuer"), rs.getString("bsn") == null ? null : Bsn.parse(rs.getString("bsn")),
            BsnStatus.valueOf(rs.getString("bsn_status")), rs.getString("family_name"), rs.getString("given_name"),
            rs.getString("birth_date"), rs.getString("sex"),
            rs.getString("sbvz_answer") == null ? null : new SbvzVerification(
                    SbvzVerification.Answer.valueOf(rs.getString("sbvz_answer")), instant(rs, "sbvz_answered_at")),
            rs.getString("conflict_kind") == null ? null : new IdentityConflict(
                    IdentityConflict.Kind.valueOf(rs.getString("conflict_kind")), rs.getString("conflict_detail"),
                    instant(rs, "conflict_since")));

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp utc(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    /**
     * The size of {@code mpi_patient} (8 KiB pages, some 2,000 patients) from which the lookups are planned once per
     * connection: well over the 9 to 17 pages between which PostgreSQL 15's plan of the feed's lookup turns from a
     * scan to the indexes (measured with the statistics of a one-row table; the plans of the lookup by key or by BSN
     * alone turn earlier).
     */
    static final long PLAN_ONCE_FROM_PAGES = 32;
    /** Lookups between two looks at the table's size: one statement in 256. */
    static final int SIZE_CHECK_EVERY = 256;

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final String upsert;
    private final AtomicLong lookups = new AtomicLong();
    private volatile boolean planOnce;

    public JdbcMasterPatientIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.postgres = postgres(jdbc);
        this.upsert = upsert(postgres);
        if (postgres) {
            planOnce = tableIsLarge();
        }
    }

    @Override
    public Optional<MpiPatient> byLocalId(String localId, String localIssuer) {
        return lookup("select * from mpi_patient where local_id = ? and local_issuer = ?", localId, localIssuer)
                .stream().findFirst();
    }

    @Override
    public List<MpiPatient> byBsn(Bsn bsn, String localIssuer) {
        return lookup("select * from mpi_patient where bsn = ? and local_issuer = ?", bsn.value(), localIssuer);
    }

    /**
     * A lookup by key or BSN: on PostgreSQL planned for its values while the table is small, planned once per
     * connection when it is large (see the class comment).
     */
    private List<MpiPatient> lookup(String sql, String... values) {
        boolean perExecution = postgres && !planOnce();
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            if (perExecution && statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement;
        }, ROW);
    }

    /** Whether the table is large enough for plans made once, looked at again every {@link #SIZE_CHECK_EVERY}. */
    private boolean planOnce() {
        if (lookups.incrementAndGet() % SIZE_CHECK_EVERY == 0) {
            planOnce = tableIsLarge();
        }
        return planOnce;
    }

    /**
     * At least {@link #PLAN_ONCE_FROM_PAGES} pages. {@code to_regclass} makes this a statement that cannot fail (no
     * table yet: null, small), so it may run inside the feed's transaction without the risk of aborting it.
     */
    private boolean tableIsLarge() {
        Long pages = jdbc.queryForObject("select pg_relation_size(to_regclass('mpi_patient')) / 8192", Long.class);
        return pages != null && pages >= PLAN_ONCE_FROM_PAGES;
    }

    @Override
    public MpiPatient registerPending(Bsn bsn, String localIssuer, String familyName, String givenName, String birthDate,
                                      String sex) {
        // A pending patient gets a temporary local number the hospital's patient administration replaces.
        String localId = "PENDING-" + bsn.value().substring(5) + "-" + System.currentTimeMillis() % 100000;
        MpiPatient p = new MpiPatient(localId, localIssuer, bsn, BsnStatus.receivedFromAnotherInstitution(), familyName,
                givenName, birthDate, sex);
        save(p);
        return p;
    }

    private static final String COLUMNS = "local_id, local_issuer, bsn, bsn_status, family_name, given_name,"
            + " birth_date, sex, family_name_folded, sbvz_answer, sbvz_answered_at, conflict_kind, conflict_detail,"
            + " conflict_since";

    /**
     * One statement whatever the row was: PostgreSQL's {@code insert ... on conflict do update} (PostgreSQL 15
     * documentation, INSERT, "ON CONFLICT Clause"; atomic against a concurrent insert of the same key), H2's
     * {@code merge into ... key} (H2 documentation, MERGE INTO). Before issue 16's benchmark it was a delete and an
     * insert: two round trips per message of the EPD feed.
     */
    private static String upsert(boolean postgres) {
        if (!postgres) {
            return "merge into mpi_patient (" + COLUMNS + ") key (local_id, local_issuer)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        }
        StringBuilder set = new StringBuilder();
        for (String column : COLUMNS.split(",")) {
            String c = column.strip();
            if (!c.equals("local_id") && !c.equals("local_issuer")) {
                set.append(set.isEmpty() ? "" : ", ").append(c).append(" = excluded.").append(c);
            }
        }
        return "insert into mpi_patient (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " on conflict (local_id, local_issuer) do update set " + set;
    }

    private static boolean postgres(JdbcTemplate jdbc) {
        Boolean pg = jdbc.execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres"));
        return Boolean.TRUE.equals(pg);
    }

    @Override
    public NumberAndBsn byLocalIdOrBsn(String localId, String localIssuer, Bsn bsn) {
        if (bsn == null) {
            return new NumberAndBsn(byLocalId(localId, localIssuer), List.of());
        }
        // One query for both (issue 16's benchmark): the patient by its key, the BSN's carriers by mpi_by_bsn. Its
        // plan depends most on the table's size (an OR over two indexes, or one scan of everything): planned per call
        // while the table is small, once per connection when it is large (class comment).
        List<MpiPatient> rows = lookup("select * from mpi_patient where local_issuer = ?"
                + " and (local_id = ? or bsn = ?)", localIssuer, localId, bsn.value());
        return new NumberAndBsn(rows.stream().filter(p -> p.localId().equals(localId)).findFirst(),
                rows.stream().filter(p -> bsn.equals(p.bsn())).toList());
    }

    @Override
    public void save(MpiPatient p) {
        SbvzVerification v = p.verification();
        IdentityConflict c = p.conflict();
        jdbc.update(upsert, p.localId(), p.localIssuer(),
                p.bsn() == null ? null : p.bsn().value(), p.bsnStatus().name(), p.familyName(), p.givenName(),
                p.birthDate(), p.sex(), NameSearch.fold(p.familyName()), v == null ? null : v.answer().name(),
                v == null ? null : utc(v.at()), c == null ? null : c.kind().name(), c == null ? null : c.detail(),
                c == null ? null : utc(c.since()));
    }

    @Override
    public void remove(String localId, String localIssuer) {
        jdbc.update("delete from mpi_patient where local_id = ? and local_issuer = ?", localId, localIssuer);
    }

    /** Replaces the index with the patients of a CSV import, in one transaction. */
    @Override
    @Transactional
    public int replaceAll(List<MpiPatient> patients) {
        jdbc.update("delete from mpi_patient");
        for (MpiPatient p : patients) {
            save(p);
        }
        return patients.size();
    }

    /**
     * Search for the console: by exact BSN, or by (part of) the family name, ignoring accents and case
     * ({@link NameSearch}), and/or the birth date (YYYYMMDD). At most 50 results.
     */
    @Override
    public List<MpiPatient> search(String bsn, String name, String birthDate) {
        if (bsn != null && !bsn.isBlank()) {
            return Bsn.tryParse(bsn).map(b -> jdbc.query("select * from mpi_patient where bsn = ? limit 50", ROW, b.value()))
                    .orElse(List.of());
        }
        StringBuilder sql = new StringBuilder("select * from mpi_patient where 1=1");
        List<Object> args = new java.util.ArrayList<>();
        if (name != null && !name.isBlank()) {
            sql.append(" and family_name_folded like ? escape '\\'");
            args.add("%" + NameSearch.fold(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (birthDate != null && !birthDate.isBlank()) {
            sql.append(" and birth_date = ?");
            args.add(birthDate.trim());
        }
        if (args.isEmpty()) {
            return List.of();
        }
        sql.append(" order by family_name, given_name limit 50");
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /**
     * Gives patients saved before names were folded (database migration V11) their folded name, so the search
     * finds them too. Run once when the node starts; a no-op afterwards.
     *
     * @return how many patients were updated
     */
    public int foldMissingNames() {
        List<String[]> missing = jdbc.query("select local_id, local_issuer, family_name from mpi_patient"
                        + " where family_name is not null and family_name_folded is null",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
        for (String[] row : missing) {
            jdbc.update("update mpi_patient set family_name_folded = ? where local_id = ? and local_issuer = ?",
                    NameSearch.fold(row[2]), row[0], row[1]);
        }
        return missing.size();
    }

    @Override
    public long count() {
        Long n = jdbc.queryForObject("select count(*) from mpi_patient", Long.class);
        return n == null ? 0 : n;
    }
}
