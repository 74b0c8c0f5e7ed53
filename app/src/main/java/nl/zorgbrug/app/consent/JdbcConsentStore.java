package nl.zorgbrug.app.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import nl.zorgbrug.audit.consent.ConsentRecord;
import nl.zorgbrug.audit.consent.ConsentStore;
import nl.zorgbrug.audit.consent.DataCategory;
import nl.zorgbrug.audit.consent.Scope;
import nl.zorgbrug.audit.consent.Shielding;
import nl.zorgbrug.audit.event.Ura;
import nl.zorgbrug.bsn.Bsn;

/** The consent register in the node's database (V17__consent.sql). */
public class JdbcConsentStore implements ConsentStore {
    private static final String CONSENT_COLUMNS = "id, patient_bsn, purpose, permits, scope_kind, scope_value,"
            + " categories, valid_from, valid_until, method, recorded_by, recorded_at, withdrawn_at, withdrawn_by";
    private static final String SHIELDING_COLUMNS = "id, patient_bsn, categories, method, recorded_by, recorded_at,"
            + " withdrawn_at, withdrawn_by";

    private final JdbcTemplate jdbc;

    public JdbcConsentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(ConsentRecord c) {
        String scopeKind;
        String scopeValue;
        if (c.scope() instanceof Scope.InstitutionType t) {
            scopeKind = "TYPE";
            scopeValue = t.typeCode();
        } else if (c.scope() instanceof Scope.OneInstitution o) {
            scopeKind = "INSTITUTION";
            scopeValue = o.ura().value();
        } else {
            scopeKind = "ALL";
            scopeValue = null;
        }
        Object[] values = {c.patient().value(), c.purpose().name(), c.permits(), scopeKind, scopeValue,
                categories(c.categories()), ts(c.validFrom()), ts(c.validUntil()), c.recording().method().name(),
                c.recording().recordedBy(), ts(c.recording().at()), c.withdrawal() == null ? null : ts(c.withdrawal().at()),
                c.withdrawal() == null ? null : c.withdrawal().by(), c.id()};
        if (jdbc.update("update consent_record set patient_bsn = ?, purpose = ?, permits = ?, scope_kind = ?,"
                + " scope_value = ?, categories = ?, valid_from = ?, valid_until = ?, method = ?, recorded_by = ?,"
                + " recorded_at = ?, withdrawn_at = ?, withdrawn_by = ? where id = ?", values) == 0) {
            jdbc.update("insert into consent_record (patient_bsn, purpose, permits, scope_kind, scope_value, categories,"
                    + " valid_from, valid_until, method, recorded_by, recorded_at, withdrawn_at, withdrawn_by, id)"
                    + " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values);
        }
    }

    @Override
    public void save(Shielding s) {
        Object[] values = {s.patient().value(), categories(s.categories()), s.recording().method().name(),
                s.recording().recordedBy(), ts(s.recording().at()), s.withdrawal() == null ? null : ts(s.withdrawal().at()),
                s.withdrawal() == null ? null : s.withdrawal().by(), s.id()};
        if (jdbc.update("update consent_shielding set patient_bsn = ?, categories = ?, method = ?, recorded_by = ?,"
                + " recorded_at = ?, withdrawn_at = ?, withdrawn_by = ? where id = ?", values) == 0) {
            jdbc.update("insert into consent_shielding (patient_bsn, categories, method, recorded_by, recorded_at,"
                    + " withdrawn_at, withdrawn_by, id) values (?,?,?,?,?,?,?,?)", values);
        }
    }

    @Override
    public Optional<ConsentRecord> consent(String id) {
        return jdbc.query("select " + CONSENT_COLUMNS + " from consent_record where id = ?", JdbcConsentStore::consent,
                id).stream().findFirst();
    }

    @Override
    public Optional<Shielding> shielding(String id) {
        return jdbc.query("select " + SHIELDING_COLUMNS + " from consent_shielding where id = ?",
                JdbcConsentStore::shielding, id).stream().findFirst();
    }

    @Override
    public List<ConsentRecord> consents(Bsn patient) {
        return jdbc.query("select " + CONSENT_COLUMNS + " from consent_record where patient_bsn = ?"
                + " order by recorded_at, id", JdbcConsentStore::consent, patient.value());
    }

    @Override
    public List<Shielding> shieldings(Bsn patient) {
        return jdbc.query("select " + SHIELDING_COLUMNS + " from consent_shielding where patient_bsn = ?"
                + " order by recorded_at, id", JdbcConsentStore::shielding, patient.value());
    }

    private static ConsentRecord consent(ResultSet rs, int n) throws SQLException {
        String kind = rs.getString("scope_kind");
        Scope scope = switch (kind) {
            case "TYPE" -> new Scope.InstitutionType(rs.getString("scope_value"));
            case "INSTITUTION" -> new Scope.OneInstitution(new Ura(rs.getString("scope_value")));
            case "ALL" -> new Scope.AllCaregivers();
            default -> throw new IllegalStateException("consent " + rs.getString("id") + ": unknown scope_kind '"
                    + kind + "' (ALL, TYPE or INSTITUTION)");
        };
        return new ConsentRecord(rs.getString("id"), Bsn.parse(rs.getString("patient_bsn")),
                nl.zorgbrug.audit.consent.Purpose.valueOf(rs.getString("purpose")), rs.getBoolean("permits"), scope,
                categories(rs.getString("categories")), instant(rs, "valid_from"), instant(rs, "valid_until"),
                recording(rs), withdrawal(rs));
    }

    private static Shielding shielding(ResultSet rs, int n) throws SQLException {
        return new Shielding(rs.getString("id"), Bsn.parse(rs.getString("patient_bsn")),
                categories(rs.getString("categories")), recording(rs), withdrawal(rs));
    }

    private static ConsentRecord.Recording recording(ResultSet rs) throws SQLException {
        return new ConsentRecord.Recording(ConsentRecord.Method.valueOf(rs.getString("method")),
                rs.getString("recorded_by"), instant(rs, "recorded_at"));
    }

    private static ConsentRecord.Withdrawal withdrawal(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "withdrawn_at");
        return at == null ? null : new ConsentRecord.Withdrawal(at, rs.getString("withdrawn_by"));
    }

    private static String categories(Set<DataCategory> categories) {
        return categories.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    private static Set<DataCategory> categories(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<DataCategory> out = EnumSet.noneOf(DataCategory.class);
        Arrays.stream(text.split(",")).map(String::trim).map(DataCategory::valueOf).forEach(out::add);
        return out;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
