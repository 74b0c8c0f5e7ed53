package nl.zorgbrug.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Seeds the index of {@link OrthancIndexPeer}'s Orthanc (Debian's orthanc-postgresql 4.0, its schema version 6) with
 * PostgreSQL COPY, as {@link IndexSeeder} does the node's: Orthanc's REST API takes 50–100 studies per second here,
 * and a million would take hours.
 *
 * <p>The rows are those Orthanc itself wrote: a few patients are uploaded over the REST API first ({@code POST
 * /instances}); their rows in Resources, MainDicomTags, DicomIdentifiers, Metadata, AttachedFiles, Changes and
 * PatientRecyclingOrder are read back and made a template per level (patient, study, series, instance), whose cells
 * holding the template study's values (PatientID, Study/Series/SOP Instance UID, accession, study date) become slots.
 * Each seeded study gets the same rows with its own values; the public ids are Orthanc's own (SHA-1 of the DICOM
 * identifiers, {@code DicomInstanceHasher}: checked against the template's), internal ids and sequences go on after
 * the uploaded ones, the changes follow the order Orthanc logged them in. Each instance gets its own DICOM file in the
 * storage directory (the DICOMweb plugin's QIDO-RS reads one instance's tags per study from it), with its size and
 * MD5 in AttachedFiles. The triggers that keep GlobalIntegers (the counts and sizes /statistics answers) do not run
 * during COPY (session_replication_role = replica): the counts are set after from the rows. Secondary indexes are
 * dropped for the load and made again from their own definitions; VACUUM ANALYZE after. Orthanc is stopped meanwhile.
 */
final class OrthancIndexSeeder {
    static final String[] TABLES = {"resources", "maindicomtags", "dicomidentifiers", "metadata", "attachedfiles",
            "changes", "patientrecyclingorder"};
    static final int T_RESOURCES = 0, T_MAIN = 1, T_IDENT = 2, T_META = 3, T_FILES = 4, T_CHANGES = 5, T_RECYCLING = 6;
    static final int PATIENT = 0, STUDY = 1, SERIES = 2, INSTANCE = 3;
    static final int V_BSN = 0, V_STUDY = 1, V_SERIES = 2, V_SOP = 3, V_ACCESSION = 4, V_DATE = 5;
    static final int FLUSH = 1 << 20;
    private static final HexFormat HEX = HexFormat.of();

    /** A study's DICOM values, in slot order (V_*), as {@link OrthancIndexPeer#instance} writes them. */
    static String[] values(String bsn, long seq) {
        return new String[]{bsn, IndexData.ROOT + ".3." + seq, IndexData.ROOT + ".5." + seq, IndexData.ROOT + ".4." + seq,
                "A" + seq, OrthancIndexPeer.studyDate(seq)};
    }

    /** The rows of one resource level: MainDicomTags (group, element, value), DicomIdentifiers, Metadata (type, value, revision). */
    record Level(List<String[]> mainTags, List<String[]> identifiers, List<String[]> metadata) {
    }

    /**
     * What Orthanc wrote for the studies of one patient uploaded over REST: the rows per level; the AttachedFiles row
     * (filetype, compression type, revision); the changes logged for a patient's first study and for a later one
     * (change type, resource level), with their date; the template study's values.
     */
    record Template(Level[] levels, String[] attachment, List<int[]> firstChanges, List<int[]> laterChanges,
                    String changeDate, String[] values) {
    }

    record Result(double seconds, double indexSeconds, double vacuumSeconds, long rows, long bytes, long files) {
    }

    private OrthancIndexSeeder() {
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    /** Orthanc's public id: SHA-1 of the identifiers joined by '|', as 5 groups of 8 hex digits (Toolbox::ComputeSHA1). */
    static String publicId(MessageDigest sha1, String... identifiers) {
        String hex = HEX.formatHex(sha1.digest(String.join("|", identifiers).getBytes(StandardCharsets.UTF_8)));
        return hex.substring(0, 8) + '-' + hex.substring(8, 16) + '-' + hex.substring(16, 24) + '-' + hex.substring(24, 32)
                + '-' + hex.substring(32, 40);
    }

    static String[] publicIds(MessageDigest sha1, String[] v) {
        return new String[]{publicId(sha1, v[V_BSN]), publicId(sha1, v[V_BSN], v[V_STUDY]),
                publicId(sha1, v[V_BSN], v[V_STUDY], v[V_SERIES]),
                publicId(sha1, v[V_BSN], v[V_STUDY], v[V_SERIES], v[V_SOP])};
    }

    /**
     * The template from the rows Orthanc wrote for {@code bsn}'s studies (at least two, uploaded over REST), checked:
     * every slot found, the public ids Orthanc's hash of the identifiers, the same rows for each of its studies.
     */
    static Template template(String database, String bsn) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "")) {
            long patient = single(c, "select internalid from resources where resourcetype = 0 and publicid = '"
                    + publicId(sha1, bsn) + "'");
            List<long[]> studies = new ArrayList<>(); // internal ids: study, series, instance
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select st.internalid, se.internalid,"
                    + " i.internalid from resources st join resources se on se.parentid = st.internalid join resources i"
                    + " on i.parentid = se.internalid where st.parentid = " + patient + " order by st.internalid")) {
                while (rs.next()) {
                    studies.add(new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
            if (studies.size() < 2) {
                throw new IllegalStateException("the template patient needs two studies or more: " + studies.size());
            }
            Template first = null;
            for (int k = 0; k < studies.size(); k++) {
                long[] ids = {patient, studies.get(k)[0], studies.get(k)[1], studies.get(k)[2]};
                String studyUid = single(c, "select value from maindicomtags where id = " + ids[STUDY]
                        + " and taggroup = 32 and tagelement = 13", String.class);
                long seq = Long.parseLong(studyUid.substring((IndexData.ROOT + ".3.").length()));
                String[] v = values(bsn, seq);
                String[] expectedIds = publicIds(sha1, v);
                for (int l = 0; l < 4; l++) {
                    String actualId = single(c, "select publicid from resources where internalid = " + ids[l], String.class);
                    if (!actualId.equals(expectedIds[l])) {
                        throw new IllegalStateException("Orthanc's public id of level " + l + " is " + actualId
                                + ", not SHA-1 of the identifiers " + expectedIds[l]);
                    }
                }
                Level[] levels = levels(c, ids, v);
                List<String[]> files = rows(c, "select filetype, compressiontype, revision, compressedsize,"
                        + " uncompressedsize, compressedhash, uncompressedhash from attachedfiles where id = " + ids[INSTANCE]);
                if (files.size() != 1 || !files.get(0)[3].equals(files.get(0)[4]) || !files.get(0)[5].equals(files.get(0)[6])) {
                    throw new IllegalStateException("expected one uncompressed attachment per instance of study "
                            + studyUid + ", found " + files.size());
                }
                String[] attachment = {files.get(0)[0], files.get(0)[1], files.get(0)[2]};
                // The changes of this study (and the patient's, logged once after its first study), in Orthanc's order.
                List<int[]> changes = new ArrayList<>();
                String date = null;
                for (String[] ch : rows(c, "select changetype, internalid, resourcetype, date from changes where"
                        + " internalid in (" + ids[0] + ", " + ids[1] + ", " + ids[2] + ", " + ids[3] + ") order by seq")) {
                    long id = Long.parseLong(ch[1]);
                    if (id == patient && k > 0) {
                        continue;
                    }
                    changes.add(new int[]{Integer.parseInt(ch[0]), Integer.parseInt(ch[2])});
                    date = ch[3];
                }
                Template t = new Template(levels, attachment, k == 0 ? changes : null, k == 0 ? null : changes, date, v);
                if (first == null) {
                    first = t;
                } else {
                    for (int l = 0; l < 4; l++) {
                        if (!same(first.levels()[l], levels[l])) {
                            throw new IllegalStateException("Orthanc's rows of level " + l + " differ between studies "
                                    + first.values()[V_STUDY] + " and " + studyUid + " beyond their values");
                        }
                    }
                    return new Template(first.levels(), first.attachment(), first.firstChanges(), changes,
                            first.changeDate(), first.values());
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }

    /** The rows of the four levels ({@code ids}: patient, study, series, instance), the study's values made slots. */
    static Level[] levels(Connection c, long[] ids, String[] v) throws SQLException {
        Level[] levels = new Level[4];
        Set<Integer> found = new HashSet<>();
        for (int l = 0; l < 4; l++) {
            levels[l] = new Level(slotted(rows(c, "select taggroup, tagelement, value from maindicomtags where id = "
                    + ids[l] + " order by taggroup, tagelement"), 2, v, found),
                    slotted(rows(c, "select taggroup, tagelement, value from dicomidentifiers where id = " + ids[l]
                            + " order by taggroup, tagelement"), 2, v, found),
                    slotted(rows(c, "select type, value, revision from metadata where id = " + ids[l]
                            + " order by type"), 1, v, found));
        }
        if (found.size() != v.length) {
            throw new IllegalStateException("not every value of study " + v[V_STUDY] + " found in Orthanc's rows: "
                    + found);
        }
        return levels;
    }

    /**
     * Compares the rows of a study Orthanc wrote (uploaded over REST) with those of a seeded one, the values of each
     * made slots: the same MainDicomTags, DicomIdentifiers, Metadata (types), the same kind of attachment; and the
     * seeded study's file is there, of the size and MD5 its row says. Returns what differs, or null.
     */
    static String compare(String database, Path storage, String uploadedBsn, long uploadedSeq, String seededBsn,
                          long seededSeq) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "")) {
            long[][] ids = new long[2][4];
            String[][] v = {values(uploadedBsn, uploadedSeq), values(seededBsn, seededSeq)};
            for (int w = 0; w < 2; w++) {
                String[] pub = publicIds(sha1, v[w]);
                for (int l = 0; l < 4; l++) {
                    ids[w][l] = single(c, "select internalid from resources where resourcetype = " + l
                            + " and publicid = '" + pub[l] + "'" + (l == 0 ? "" : " and parentid = " + ids[w][l - 1]));
                }
            }
            Level[] uploaded = levels(c, ids[0], v[0]);
            Level[] seeded = levels(c, ids[1], v[1]);
            for (int l = 0; l < 4; l++) {
                if (!same(uploaded[l], seeded[l])) {
                    return "level " + l + ": uploaded " + text(uploaded[l]) + ", seeded " + text(seeded[l]);
                }
            }
            String kind = "select filetype, compressiontype, revision from attachedfiles where id = ";
            List<String[]> a = rows(c, kind + ids[0][INSTANCE]);
            List<String[]> b = rows(c, kind + ids[1][INSTANCE]);
            if (a.size() != 1 || b.size() != 1 || !Arrays.equals(a.get(0), b.get(0))) {
                return "attachments: uploaded " + a.stream().map(Arrays::toString).toList() + ", seeded "
                        + b.stream().map(Arrays::toString).toList();
            }
            String[] file = rows(c, "select uuid, compressedsize, uncompressedhash from attachedfiles where id = "
                    + ids[1][INSTANCE]).get(0);
            byte[] bytes = Files.readAllBytes(storage.resolve(file[0].substring(0, 2)).resolve(file[0].substring(2, 4))
                    .resolve(file[0]));
            if (bytes.length != Long.parseLong(file[1])
                    || !HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes)).equals(file[2])) {
                return "the seeded file " + file[0] + " is not of the size and MD5 in its row";
            }
            return null;
        }
    }

    private static String text(Level level) {
        return List.of(level.mainTags(), level.identifiers(), level.metadata()).stream()
                .map(rows -> rows.stream().map(r -> Arrays.toString(r).replace('\u0000', '#')).toList().toString())
                .toList().toString();
    }

    private static boolean same(Level a, Level b) {
        return rowsEqual(a.mainTags(), b.mainTags(), false) && rowsEqual(a.identifiers(), b.identifiers(), false)
                && rowsEqual(a.metadata(), b.metadata(), true);
    }

    /**
     * Equal rows: the same slots, the same values elsewhere; for Metadata the same types and slots (its reception and
     * last-update times are the upload's second).
     */
    private static boolean rowsEqual(List<String[]> a, List<String[]> b, boolean metadata) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            String[] x = a.get(i);
            String[] y = b.get(i);
            boolean equal = metadata ? x[0].equals(y[0]) && slot(x[1]) == slot(y[1]) : Arrays.equals(x, y);
            if (!equal) {
                return false;
            }
        }
        return true;
    }

    private static boolean slot(String cell) {
        return cell != null && !cell.isEmpty() && cell.charAt(0) == '\u0000';
    }

    /**
     * The rows with the cell at {@code column} made a slot (a NUL character and the slot number) where it holds one of
     * the study's values (DicomIdentifiers keeps them in upper case: these have no lower-case letters).
     */
    private static List<String[]> slotted(List<String[]> rows, int column, String[] v, Set<Integer> found) {
        for (String[] r : rows) {
            for (int s = 0; s < v.length; s++) {
                if (v[s].equals(r[column])) {
                    r[column] = "\u0000" + s;
                    found.add(s);
                    break;
                }
            }
        }
        return rows;
    }

    private static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    r[i] = rs.getString(i + 1);
                }
                rows.add(r);
            }
        }
        return rows;
    }

    static long single(Connection c, String sql) throws SQLException {
        return Long.parseLong(single(c, sql, String.class));
    }

    static String single(Connection c, String sql, Class<String> type) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row for " + sql);
            }
            return rs.getString(1);
        }
    }

    /**
     * Seeds patients {@code fromPatient..} of {@code patients}, their studies numbered from {@code firstSeq} (the
     * order {@link OrthancIndexPeer#upload} numbers them in), with Orthanc stopped.
     */
    static Result seed(String database, Path storage, Template t, IndexData.Patients patients, int fromPatient,
                       long firstSeq) throws Exception {
        List<String[]> dropped = new ArrayList<>();
        long nextId;
        long nextChange;
        long nextRecycling;
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "")) {
            for (String[] d : rows(c, "select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public'"
                    + " and i.tablename in ('" + String.join("', '", TABLES) + "') and not exists (select 1 from"
                    + " pg_constraint k where k.conname = i.indexname)")) {
                dropped.add(d);
            }
            try (Statement s = c.createStatement()) {
                for (String[] d : dropped) {
                    s.execute("drop index " + d[0]);
                }
            }
            nextId = single(c, "select coalesce(max(internalid), 0) + 1 from resources");
            nextChange = single(c, "select coalesce(max(seq), 0) + 1 from changes");
            nextRecycling = single(c, "select coalesce(max(seq), 0) + 1 from patientrecyclingorder");
        }
        long start = System.nanoTime();
        List<Connection> connections = new ArrayList<>();
        List<CopyIn> copies = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        long files = 0;
        try {
            for (String table : TABLES) {
                Connection c = DriverManager.getConnection(url(database), "postgres", "");
                connections.add(c);
                try (Statement s = c.createStatement()) {
                    s.execute("set session_replication_role = replica");
                }
                c.setAutoCommit(false);
                copies.add(c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin"));
            }
            StringBuilder[] b = new StringBuilder[TABLES.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = new StringBuilder(FLUSH + 65_536);
            }
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            SplittableRandom random = new SplittableRandom(41);
            Set<String> dirs = new HashSet<>();
            long seq = firstSeq;
            long total = 0;
            for (int p = fromPatient; p < patients.bsns().length; p++) {
                total += patients.studies()[p];
            }
            long reportEvery = Math.max(50_000, total / 10);
            long done = 0;
            String bsn;
            for (int p = fromPatient; p < patients.bsns().length; p++) {
                bsn = patients.bsns()[p];
                long patientId = nextId++;
                String[] pv = values(bsn, seq);
                String patientPublic = publicId(sha1, bsn);
                resource(b[T_RESOURCES], patientId, PATIENT, patientPublic, -1);
                level(b, patientId, t.levels()[PATIENT], pv);
                b[T_RECYCLING].append(nextRecycling++).append('\t').append(patientId).append('\n');
                for (int k = 0; k < patients.studies()[p]; k++, seq++) {
                    String[] v = values(bsn, seq);
                    String[] pub = publicIds(sha1, v);
                    long[] ids = {patientId, nextId++, nextId++, nextId++};
                    for (int l = STUDY; l <= INSTANCE; l++) {
                        resource(b[T_RESOURCES], ids[l], l, pub[l], ids[l - 1]);
                        level(b, ids[l], t.levels()[l], v);
                    }
                    byte[] dicom = OrthancIndexPeer.instance(bsn, seq);
                    String uuid = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                            (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
                    Path dir = storage.resolve(uuid.substring(0, 2)).resolve(uuid.substring(2, 4));
                    if (dirs.add(dir.toString())) {
                        Files.createDirectories(dir);
                    }
                    Files.write(dir.resolve(uuid), dicom);
                    files++;
                    bytes += dicom.length;
                    String hash = HEX.formatHex(md5.digest(dicom));
                    b[T_FILES].append(ids[INSTANCE]).append('\t').append(t.attachment()[0]).append('\t').append(uuid)
                            .append('\t').append(dicom.length).append('\t').append(dicom.length).append('\t')
                            .append(t.attachment()[1]).append('\t').append(hash).append('\t').append(hash).append('\t')
                            .append(t.attachment()[2]).append('\n');
                    for (int[] ch : k == 0 ? t.firstChanges() : t.laterChanges()) {
                        b[T_CHANGES].append(nextChange++).append('\t').append(ch[0]).append('\t').append(ids[ch[1]])
                                .append('\t').append(ch[1]).append('\t').append(t.changeDate()).append('\n');
                    }
                    for (int i = 0; i < b.length; i++) {
                        if (b[i].length() >= FLUSH) {
                            rows += write(copies.get(i), b[i]);
                        }
                    }
                    if (++done % reportEvery == 0) {
                        System.out.printf(Locale.ROOT, "  Orthanc index: seeded %,d of %,d studies, %.0f s%n", done,
                                total, (System.nanoTime() - start) / 1e9);
                    }
                }
            }
            for (int i = 0; i < b.length; i++) {
                rows += write(copies.get(i), b[i]);
                copies.get(i).endCopy();
                connections.get(i).commit();
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long indexStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("set maintenance_work_mem = '512MB'");
            for (String[] d : dropped) {
                s.execute(d[1]);
            }
            // What the triggers keep (countresourcestrackerfunc, attachedfileincrementsizefunc, insertedchangefunc),
            // from the rows; and the sequences after the ids used.
            for (int level = PATIENT; level <= INSTANCE; level++) {
                s.execute("update globalintegers set value = (select count(*) from resources where resourcetype = "
                        + level + ") where key = " + (level + 2));
            }
            s.execute("update globalintegers set value = (select coalesce(sum(compressedsize), 0) from attachedfiles)"
                    + " where key = 0");
            s.execute("update globalintegers set value = (select coalesce(sum(uncompressedsize), 0) from attachedfiles)"
                    + " where key = 1");
            s.execute("update globalintegers set value = (select coalesce(max(seq), 0) from changes) where key = 6");
            s.execute("select setval('resources_internalid_seq', (select max(internalid) from resources))");
            s.execute("select setval('changes_seq_seq', (select max(seq) from changes))");
            s.execute("select setval('patientrecyclingorder_seq_seq', (select max(seq) from patientrecyclingorder))");
        }
        double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
        long vacuumStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
             Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("vacuum analyze " + table);
            }
        }
        return new Result(seconds, indexSeconds, (System.nanoTime() - vacuumStart) / 1e9, rows, bytes, files);
    }

    private static void resource(StringBuilder b, long id, int level, String publicId, long parent) {
        b.append(id).append('\t').append(level).append('\t').append(publicId).append('\t')
                .append(parent < 0 ? "\\N" : Long.toString(parent)).append('\n');
    }

    private static void level(StringBuilder[] b, long id, Level level, String[] v) {
        tagRows(b[T_MAIN], id, level.mainTags(), 2, v);
        tagRows(b[T_IDENT], id, level.identifiers(), 2, v);
        tagRows(b[T_META], id, level.metadata(), 1, v);
    }

    private static void tagRows(StringBuilder b, long id, List<String[]> rows, int column, String[] v) {
        for (String[] r : rows) {
            b.append(id);
            for (int i = 0; i < r.length; i++) {
                b.append('\t');
                String cell = r[i];
                if (cell == null) {
                    b.append("\\N");
                } else if (i == column && slot(cell)) {
                    b.append(v[Integer.parseInt(cell.substring(1))]);
                } else {
                    b.append(cell);
                }
            }
            b.append('\n');
        }
    }

    private static long write(CopyIn copy, StringBuilder buffer) throws SQLException {
        long lines = buffer.chars().filter(ch -> ch == '\n').count();
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
        return lines;
    }

    /** Rows per table, table and index sizes: pg_table_size, pg_indexes_size. */
    static Map<String, long[]> sizes(String database) throws Exception {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
             Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("select c.reltuples::bigint, pg_table_size(c.oid),"
                        + " pg_indexes_size(c.oid) from pg_class c where c.oid = 'public." + t + "'::regclass")) {
                    rs.next();
                    sizes.put(t, new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return sizes;
    }

    static Map<Integer, Long> counts(String database) throws Exception {
        Map<Integer, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "")) {
            for (String[] r : rows(c, "select resourcetype, count(*) from resources group by resourcetype")) {
                counts.put(Integer.parseInt(r[0]), Long.parseLong(r[1]));
            }
            counts.put(-1, single(c, "select coalesce(sum(compressedsize), 0) from attachedfiles"));
        }
        return counts;
    }
}
