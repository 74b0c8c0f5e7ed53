package nl.zorgbrug.app.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.model.PackedEbRim;
import nl.zorgbrug.registry.model.IndexedEntry;
import nl.zorgbrug.registry.model.IndexedEntry.CodeValue;
import nl.zorgbrug.registry.model.IndexedEntry.Reference;
import nl.zorgbrug.registry.model.Submission;
import nl.zorgbrug.registry.store.DocumentCriteria;
import nl.zorgbrug.registry.store.MetadataStore;
import nl.zorgbrug.registry.store.StoredEntry;

/**
 * The registry's metadata in the node's database (V28), PostgreSQL or H2: index columns for the stored queries,
 * the ebRIM of each object beside them; a submission in one transaction.
 */
public class JdbcMetadataStore implements MetadataStore {
    private static final String ENTRY_COLUMNS = "e.entry_uuid, e.logical_uuid, e.patient_bsn, e.status, e.entry_type, " + StoredEbRim.columns("e.");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public JdbcMetadataStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public Optional<String> submissionDigest(String submissionSetUniqueId) {
        return jdbc.query("select digest from xds_submission_set where unique_id = ?",
                (rs, i) -> rs.getString(1), submissionSetUniqueId).stream().findFirst();
    }

    @Override
    public List<String> knownDocumentUniqueIds(Collection<String> uniqueIds) {
        if (uniqueIds.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("select unique_id from xds_document_entry where unique_id in (" + marks(uniqueIds.size())
                + ")", String.class, uniqueIds.toArray());
    }

    @Override
    public void store(Submission s) {
        try {
            transaction.executeWithoutResult(status -> write(s));
        } catch (DuplicateKeyException e) {
            throw new ConflictException("SubmissionSet " + s.submissionSet().getUniqueId() + " or one of its"
                    + " DocumentEntries was registered by another request meanwhile");
        }
    }

    private void write(Submission s) {
        for (String uuid : s.deprecates()) {
            int changed = jdbc.update("update xds_document_entry set status = ? where entry_uuid = ? and status = ?",
                    AvailabilityStatus.DEPRECATED.name(), uuid, AvailabilityStatus.APPROVED.name());
            if (changed != 1) {
                throw new ConflictException("DocumentEntry " + uuid + " was deprecated by another submission"
                        + " meanwhile; query its current version and replace that.");
            }
        }
        String setUuid = s.submissionSet().getEntryUuid();
        jdbc.update("insert into xds_submission_set (entry_uuid, unique_id, patient_bsn, source_id, digest,"
                        + " ebrim_packed, registered_at) values (?, ?, ?, ?, ?, ?, ?)", setUuid,
                s.submissionSet().getUniqueId(), s.bsn().value(), s.submissionSet().getSourceId(), s.digest(),
                PackedEbRim.pack(EbRim.of(s.submissionSet())),
                Timestamp.from(Instant.now()));
        for (int i = 0; i < s.entries().size(); i++) {
            IndexedEntry e = s.index().get(i);
            jdbc.update("insert into xds_document_entry (entry_uuid, unique_id, logical_uuid, patient_bsn, status,"
                            + " entry_type, class_code, class_scheme, type_code, type_scheme, service_start,"
                            + " repository_unique_id, home_community_id, submission_set_uuid, ebrim_packed)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    e.entryUuid(), e.uniqueId(), e.logicalUuid(), e.bsn().value(), e.status().name(),
                    e.entryType().name(), code(e.classCode()), scheme(e.classCode()), code(e.typeCode()),
                    scheme(e.typeCode()), e.serviceStart() == null ? null : Timestamp.from(e.serviceStart()),
                    e.repositoryUniqueId(), e.homeCommunityId(), setUuid,
                    PackedEbRim.pack(EbRim.of(s.entries().get(i))));
            Set<String> codes = new LinkedHashSet<>();
            for (CodeValue c : e.eventCodes()) {
                if (codes.add(c.code())) {
                    jdbc.update("insert into xds_document_event_code (entry_uuid, code, scheme) values (?, ?, ?)",
                            e.entryUuid(), c.code(), c.scheme());
                }
            }
            Set<List<String>> references = new LinkedHashSet<>();
            for (Reference r : e.referenceIds()) {
                if (r.type() != null && references.add(List.of(r.type(), r.value()))) {
                    jdbc.update("insert into xds_document_reference (entry_uuid, id_type, ref_value, issuer)"
                            + " values (?, ?, ?, ?)", e.entryUuid(), r.type(), r.value(), r.issuer());
                }
            }
        }
        for (Association a : s.associations()) {
            jdbc.update("insert into xds_association (entry_uuid, association_type, source_uuid, target_uuid,"
                            + " submission_set_uuid, ebrim_packed) values (?, ?, ?, ?, ?, ?)", a.getEntryUuid(),
                    a.getAssociationType().name(), a.getSourceUuid(), a.getTargetUuid(), setUuid,
                    PackedEbRim.pack(EbRim.of(a)));
        }
    }

    @Override
    public List<StoredEntry> entriesByUuid(Collection<String> entryUuids) {
        if (entryUuids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select " + ENTRY_COLUMNS + " from xds_document_entry e where e.entry_uuid in ("
                + marks(entryUuids.size()) + ")", this::entry, entryUuids.stream().distinct().toArray());
    }

    @Override
    public List<StoredEntry> entriesByUniqueId(Collection<String> uniqueIds) {
        if (uniqueIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("select " + ENTRY_COLUMNS + " from xds_document_entry e where e.unique_id in ("
                + marks(uniqueIds.size()) + ")", this::entry, uniqueIds.stream().distinct().toArray());
    }

    /** FindDocuments as SQL: AND between parameters, OR within a list, EXISTS for the multi-valued ones. */
    @Override
    public List<StoredEntry> find(DocumentCriteria c, int limit) {
        StringBuilder sql = new StringBuilder("select " + ENTRY_COLUMNS + " from xds_document_entry e"
                + " where e.patient_bsn = ? and e.status in (" + marks(c.statuses().size()) + ")");
        List<Object> args = new ArrayList<>();
        args.add(c.bsn().value());
        c.statuses().forEach(s -> args.add(s.name()));
        if (!c.entryTypes().isEmpty()) {
            sql.append(" and e.entry_type in (").append(marks(c.entryTypes().size())).append(')');
            c.entryTypes().forEach(t -> args.add(t.name()));
        }
        codes(sql, args, "e.class_code", "e.class_scheme", c.classCodes());
        codes(sql, args, "e.type_code", "e.type_scheme", c.typeCodes());
        for (List<CodeValue> any : c.eventCodes()) {
            sql.append(" and exists (select 1 from xds_document_event_code x where x.entry_uuid = e.entry_uuid");
            codes(sql, args, "x.code", "x.scheme", any);
            sql.append(')');
        }
        if (c.serviceStartFrom() != null) {
            sql.append(" and e.service_start >= ?");
            args.add(Timestamp.from(c.serviceStartFrom()));
        }
        if (c.serviceStartTo() != null) {
            sql.append(" and e.service_start < ?");
            args.add(Timestamp.from(c.serviceStartTo()));
        }
        for (List<Reference> any : c.referenceIds()) {
            sql.append(" and exists (select 1 from xds_document_reference r where r.entry_uuid = e.entry_uuid and (");
            for (int i = 0; i < any.size(); i++) {
                Reference r = any.get(i);
                sql.append(i == 0 ? "" : " or ").append("(r.ref_value = ? and r.id_type = ?");
                args.add(r.value());
                args.add(r.type());
                if (r.issuer() != null) {
                    sql.append(" and r.issuer = ?");
                    args.add(r.issuer());
                }
                sql.append(')');
            }
            sql.append("))");
        }
        sql.append(" order by case when e.service_start is null then 1 else 0 end, e.service_start desc,"
                + " e.entry_uuid limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::entry, args.toArray());
    }

    private static void codes(StringBuilder sql, List<Object> args, String codeColumn, String schemeColumn,
                              List<CodeValue> codes) {
        if (codes.isEmpty()) {
            return;
        }
        sql.append(" and (");
        for (int i = 0; i < codes.size(); i++) {
            CodeValue code = codes.get(i);
            sql.append(i == 0 ? "" : " or ").append('(').append(codeColumn).append(" = ?");
            args.add(code.code());
            if (code.scheme() != null) {
                sql.append(" and ").append(schemeColumn).append(" = ?");
                args.add(code.scheme());
            }
            sql.append(')');
        }
        sql.append(')');
    }

    @Override
    public List<Association> associationsOf(Collection<String> entryUuids) {
        if (entryUuids.isEmpty()) {
            return List.of();
        }
        String in = marks(entryUuids.size());
        List<Object> args = new ArrayList<>(entryUuids);
        args.addAll(entryUuids);
        return jdbc.query("select entry_uuid, " + StoredEbRim.columns("") + " from xds_association"
                + " where source_uuid in (" + in + ") or target_uuid in (" + in + ") order by entry_uuid",
                (rs, i) -> EbRim.association(
                        StoredEbRim.read(rs, "xds_association " + rs.getString("entry_uuid"))), args.toArray());
    }

    /** A row as the stored queries need it: decided by its columns, its ebRIM unpacked but read only if answered. */
    private StoredEntry entry(ResultSet rs, int row) throws SQLException {
        String uuid = rs.getString("entry_uuid");
        return new StoredEntry(uuid, rs.getString("logical_uuid"), Bsn.parse(rs.getString("patient_bsn")),
                AvailabilityStatus.valueOf(rs.getString("status")), DocumentEntryType.valueOf(rs.getString("entry_type")),
                StoredEbRim.read(rs, "xds_document_entry " + uuid));
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static String code(CodeValue c) {
        return c == null ? null : c.code();
    }

    private static String scheme(CodeValue c) {
        return c == null ? null : c.scheme();
    }
}
