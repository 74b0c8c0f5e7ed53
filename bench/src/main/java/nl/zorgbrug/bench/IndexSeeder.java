package nl.zorgbrug.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import nl.zorgbrug.registry.model.IndexedEntry;
import nl.zorgbrug.registry.model.PackedEbRim;

/**
 * Seeds the node's own registry tables (V28, made by the node's Flyway) with PostgreSQL COPY (pgjdbc's CopyManager):
 * per study a SubmissionSet, its DocumentEntry with the event code (modality) and the referenceIdList (Study Instance
 * UID, accession with its issuer), and the HasMember association, each row as JdbcMetadataStore writes it. The node's
 * secondary indexes are dropped for the load and made again after from their own definitions (pg_indexes), primary
 * keys and unique constraints stay; foreign keys are not checked row by row during the load
 * (session_replication_role = replica): every row refers to one loaded in the same run. Then VACUUM ANALYZE.
 */
final class IndexSeeder {
    static final String[] TABLES = {"xds_submission_set", "xds_document_entry", "xds_document_event_code",
            "xds_document_reference", "xds_association"};
    /** Bytes buffered per table before they go to its COPY. */
    static final int FLUSH = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    record Result(double copySeconds, double indexSeconds, double vacuumSeconds, Map<String, long[]> sizes) {
        long totalBytes() {
            return sizes.values().stream().mapToLong(s -> s[1] + s[2]).sum();
        }
    }

    private IndexSeeder() {
    }

    static String url(String schema) {
        return "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
    }

    static Result seed(String schema, IndexData.Patients patients, long seed) throws Exception {
        IndexData.StoredTexts texts = IndexData.StoredTexts.make();
        IndexedEntry ix = texts.index();
        List<String[]> dropped = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(schema), "postgres", "")) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select i.indexname, i.indexdef"
                    + " from pg_indexes i where i.schemaname = '" + schema + "' and i.tablename in ('"
                    + String.join("', '", TABLES) + "') and not exists (select 1 from pg_constraint k where"
                    + " k.conname = i.indexname and k.connamespace = (select oid from pg_namespace where nspname = '"
                    + schema + "'))")) {
                while (rs.next()) {
                    dropped.add(new String[]{rs.getString(1), rs.getString(2)});
                }
            }
            try (Statement s = c.createStatement()) {
                for (String[] d : dropped) {
                    s.execute("drop index " + schema + "." + d[0]);
                }
            }
        }
        long start = System.nanoTime();
        List<Connection> connections = new ArrayList<>();
        List<CopyIn> copies = new ArrayList<>();
        String[] columns = {
                "(entry_uuid, unique_id, patient_bsn, source_id, digest, ebrim_packed, registered_at)",
                "(entry_uuid, unique_id, logical_uuid, patient_bsn, status, entry_type, class_code, class_scheme,"
                        + " type_code, type_scheme, service_start, repository_unique_id, home_community_id,"
                        + " submission_set_uuid, ebrim_packed)",
                "(entry_uuid, code, scheme)",
                "(entry_uuid, id_type, ref_value, issuer)",
                "(entry_uuid, association_type, source_uuid, target_uuid, submission_set_uuid, ebrim_packed)"};
        try {
            for (int t = 0; t < TABLES.length; t++) {
                Connection c = DriverManager.getConnection(url(schema), "postgres", "");
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("set session_replication_role = replica");
                }
                c.setAutoCommit(false);
                copies.add(c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + schema + "." + TABLES[t] + " "
                        + columns[t] + " from stdin"));
            }
            StringBuilder[] buffers = new StringBuilder[TABLES.length];
            for (int t = 0; t < buffers.length; t++) {
                buffers[t] = new StringBuilder(FLUSH + 65_536);
            }
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder text = new StringBuilder(8192);
            String classCode = ix.classCode().code() + '\t' + ix.classCode().scheme();
            String typeCode = ix.typeCode().code() + '\t' + ix.typeCode().scheme();
            String registeredAt = "2026-12-01 00:00:00+00";
            IndexedEntry.Reference studyRef = ix.referenceIds().get(0);
            IndexedEntry.Reference accessionRef = ix.referenceIds().get(1);
            String eventScheme = ix.eventCodes().get(0).scheme();
            long seq = 0;
            long reportEvery = Math.max(100_000, patients.entries() / 10);
            for (int p = 0; p < patients.bsns().length; p++) {
                for (int k = 0; k < patients.studies()[p]; k++) {
                    String[] v = IndexData.values(seq++, patients.bsns()[p], p, random);
                    StringBuilder b = buffers[0];
                    b.append(v[IndexData.S_SET_UUID]).append('\t').append(v[IndexData.S_SET_UID]).append('\t')
                            .append(v[IndexData.S_BSN]).append('\t').append(IndexData.SOURCE_ID).append('\t')
                            // The node keeps SHA-256 of the request for resends; none of these is ever resent.
                            .append(IndexData.hex(random, 64)).append('\t');
                    packed(b, texts.submissionSet(), v, random, text);
                    b.append('\t').append(registeredAt).append('\n');
                    b = buffers[1];
                    b.append(v[IndexData.S_ENTRY_UUID]).append('\t').append(v[IndexData.S_ENTRY_UID]).append('\t')
                            .append(v[IndexData.S_ENTRY_UUID]).append('\t').append(v[IndexData.S_BSN])
                            .append("\tAPPROVED\tSTABLE\t").append(classCode).append('\t').append(typeCode)
                            .append('\t').append(IndexData.timestamptz(v[IndexData.S_START])).append('\t')
                            .append(IndexData.REPOSITORY).append('\t').append(IndexData.HOME).append('\t')
                            .append(v[IndexData.S_SET_UUID]).append('\t');
                    packed(b, texts.entry(), v, random, text);
                    b.append('\n');
                    buffers[2].append(v[IndexData.S_ENTRY_UUID]).append('\t').append(v[IndexData.S_MODALITY])
                            .append('\t').append(eventScheme).append('\n');
                    buffers[3].append(v[IndexData.S_ENTRY_UUID]).append('\t').append(studyRef.type()).append('\t')
                            .append(v[IndexData.S_STUDY]).append('\t').append(nullable(studyRef.issuer())).append('\n')
                            .append(v[IndexData.S_ENTRY_UUID]).append('\t').append(accessionRef.type()).append('\t')
                            .append(v[IndexData.S_ACCESSION]).append('\t').append(nullable(accessionRef.issuer()))
                            .append('\n');
                    b = buffers[4];
                    b.append(v[IndexData.S_ASSOC_UUID]).append("\tHAS_MEMBER\t").append(v[IndexData.S_SET_UUID])
                            .append('\t').append(v[IndexData.S_ENTRY_UUID]).append('\t')
                            .append(v[IndexData.S_SET_UUID]).append('\t');
                    packed(b, texts.association(), v, random, text);
                    b.append('\n');
                    for (int t = 0; t < buffers.length; t++) {
                        if (buffers[t].length() >= FLUSH) {
                            write(copies.get(t), buffers[t]);
                        }
                    }
                    if (seq % reportEvery == 0) {
                        System.out.printf(Locale.ROOT, "  seeded %,d of %,d entries, %.0f s%n", seq, patients.entries(),
                                (System.nanoTime() - start) / 1e9);
                    }
                }
            }
            for (int t = 0; t < buffers.length; t++) {
                write(copies.get(t), buffers[t]);
                copies.get(t).endCopy();
                connections.get(t).commit();
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        double copySeconds = (System.nanoTime() - start) / 1e9;
        long indexStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url(schema), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("set maintenance_work_mem = '1GB'");
            for (String[] d : dropped) {
                s.execute(d[1]);
            }
        }
        double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
        long vacuumStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url(schema), "postgres", "");
             Statement s = c.createStatement()) {
            for (String t : TABLES) {
                s.execute("vacuum analyze " + schema + "." + t);
            }
        }
        double vacuumSeconds = (System.nanoTime() - vacuumStart) / 1e9;
        return new Result(copySeconds, indexSeconds, vacuumSeconds, sizes(schema));
    }

    private static String nullable(String s) {
        return s == null ? "\\N" : s;
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws Exception {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Per table: rows (estimate after ANALYZE), heap with TOAST, indexes: pg_table_size and pg_indexes_size. */
    static Map<String, long[]> sizes(String schema) throws Exception {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url(schema), "postgres", "");
             Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("select c.reltuples::bigint, pg_table_size(c.oid),"
                        + " pg_indexes_size(c.oid), pg_total_relation_size(c.oid) from pg_class c where c.oid = '"
                        + schema + "." + t + "'::regclass")) {
                    rs.next();
                    sizes.put(t, new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
        }
        return sizes;
    }

    /** The text as the node stores it: packed (PackedEbRim, V81), as a bytea in COPY's text format ("\\x" + hex). */
    private static void packed(StringBuilder out, IndexData.Template template, String[] values, SplittableRandom random,
                               StringBuilder text) {
        text.setLength(0);
        template.fill(text, values, random);
        out.append("\\\\x");
        HEX.formatHex(out, PackedEbRim.pack(text.toString()));
    }
}
