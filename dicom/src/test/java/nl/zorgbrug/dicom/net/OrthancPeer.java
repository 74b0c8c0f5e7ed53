package nl.zorgbrug.dicom.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An Orthanc started by a test on loopback with a generated configuration in a temporary directory:
 * free DICOM and HTTP ports, no authentication (loopback only), our SCP registered as a modality,
 * TCP_NODELAY=1 in its environment; C-FIND/C-GET/C-MOVE allowed for any caller unless started with
 * {@link Access#AS_INSTALLED} (then only for the modalities it knows, as Orthanc ships).
 */
public final class OrthancPeer implements AutoCloseable {
    public static final String AET = "ORTHANC";

    private final Peers.Proc proc;
    private final int dicomPort;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancPeer(Peers.Proc proc, int dicomPort, int httpPort) {
        this.proc = proc;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
    }

    /** A DICOM modality Orthanc knows (on 127.0.0.1): where it stores, moves, and sends commitment reports to. */
    public record Modality(String aet, int port) {
    }

    /** Starts Orthanc; {@code modalityAet}/{@code modalityPort} is where it sends C-MOVE results and REST stores. */
    public static OrthancPeer start(Path dir, String modalityAet, int modalityPort) throws Exception {
        return start(dir, java.util.Map.of("zb", new Modality(modalityAet, modalityPort)));
    }

    /**
     * Starts Orthanc knowing these modalities by id. Orthanc sends a storage commitment report (as SCP) to
     * the modality whose AE title asked, and accepts commitment requests only from known modalities.
     */
    public static OrthancPeer start(Path dir, java.util.Map<String, Modality> modalities) throws Exception {
        return start(dir, modalities, (Path) null);
    }

    /** As {@link #start(Path, java.util.Map)}, with the given access. */
    public static OrthancPeer start(Path dir, java.util.Map<String, Modality> modalities, Access access)
            throws Exception {
        return start(dir, modalities, null, access);
    }

    /**
     * Starts Orthanc with a file that gets one line, the SOP Instance UID, for every instance that arrives over
     * DICOM (C-STORE), whether Orthanc stores it or already has it: a Lua ReceivedInstanceFilter is called for
     * each arriving instance before Orthanc decides. Tests count receptions with {@link #receptions}.
     */
    public static OrthancPeer startCountingReceptions(Path dir, java.util.Map<String, Modality> modalities)
            throws Exception {
        return start(dir, modalities, receptionCounter(dir), Access.ANY_CALLER);
    }

    private static Path receptionCounter(Path dir) throws IOException {
        Path log = dir.resolve("receptions.txt");
        Files.writeString(log, "");
        Path lua = dir.resolve("count-receptions.lua");
        Files.writeString(lua, String.join("\n",
                "function ReceivedInstanceFilter(dicom, origin, info)",
                "  if origin['RequestOrigin'] == 'DicomProtocol' then",
                "    local f = io.open('" + log + "', 'a')",
                "    f:write(dicom['SOPInstanceUID'] .. '\\n')",
                "    f:close()",
                "  end",
                "  return true",
                "end", ""));
        return lua;
    }

    /**
     * Whom Orthanc serves. {@link #ANY_CALLER} allows C-FIND, C-GET and C-MOVE from any AE title;
     * {@link #AS_INSTALLED} leaves Orthanc's defaults (/etc/orthanc/orthanc.json of the Debian package):
     * C-ECHO and C-STORE from anyone ("DicomAlwaysAllowEcho"/"DicomAlwaysAllowStore": true), C-FIND, C-GET and
     * C-MOVE only from AE titles listed in "DicomModalities" ("DicomAlwaysAllowFind": false) — as a hospital's
     * Orthanc is, which has not heard of our node.
     */
    public enum Access { ANY_CALLER, AS_INSTALLED }

    /**
     * As {@link #startCountingReceptions(Path, java.util.Map)}, with the given access: {@link Access#AS_INSTALLED}
     * refuses C-FIND from an AE title that is not one of {@code modalities}.
     */
    public static OrthancPeer startCountingReceptions(Path dir, java.util.Map<String, Modality> modalities,
                                                      Access access) throws Exception {
        return start(dir, modalities, receptionCounter(dir), access);
    }

    /** SOP Instance UID → how many times it arrived over DICOM (Orthanc started by {@link #startCountingReceptions}). */
    public static java.util.Map<String, Integer> receptions(Path dir) throws IOException {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("receptions.txt"))) {
            if (!line.isBlank()) {
                counts.merge(line.trim(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static OrthancPeer start(Path dir, java.util.Map<String, Modality> modalities, Path luaScript)
            throws Exception {
        return start(dir, modalities, luaScript, Access.ANY_CALLER);
    }

    /**
     * Orthanc as Debian installs it with the orthanc-dicomweb package: the DICOMweb plugin loaded with the
     * settings of /etc/orthanc/dicomweb.json (STOW-RS, QIDO-RS and WADO-RS under /dicom-web/), no
     * authentication on loopback, DICOM access {@link Access#AS_INSTALLED}.
     */
    public static OrthancPeer startWithDicomWeb(Path dir) throws Exception {
        return start(dir, java.util.Map.of(), null, Access.AS_INSTALLED, true);
    }

    /** The base URL of the DICOMweb plugin ({@link #startWithDicomWeb}), e.g. for STOW-RS {@code + "/studies"}. */
    public String dicomWebRoot() {
        return "http://127.0.0.1:" + httpPort + "/dicom-web";
    }

    private static OrthancPeer start(Path dir, java.util.Map<String, Modality> modalities, Path luaScript,
                                     Access access) throws Exception {
        return start(dir, modalities, luaScript, access, false);
    }

    private static OrthancPeer start(Path dir, java.util.Map<String, Modality> modalities, Path luaScript,
                                     Access access, boolean dicomWeb) throws Exception {
        String exe = Peers.require("/usr/sbin/Orthanc");
        String plugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
        if (dicomWeb && !Files.isRegularFile(Path.of(plugin))) {
            Peers.require("/usr/share/orthanc/plugins/libOrthancDicomWeb.so (Debian package orthanc-dicomweb)");
        }
        int dicomPort = Peers.freePort();
        int httpPort = Peers.freePort();
        Path db = dir.resolve("orthanc-db");
        Files.createDirectories(db);
        String config = "{\n"
                + "  \"Name\": \"zorgbrug-test\",\n"
                + "  \"StorageDirectory\": \"" + db + "\",\n"
                + "  \"IndexDirectory\": \"" + db + "\",\n"
                + "  \"HttpPort\": " + httpPort + ",\n"
                + "  \"DicomPort\": " + dicomPort + ",\n"
                + "  \"DicomAet\": \"" + AET + "\",\n"
                + "  \"RemoteAccessAllowed\": false,\n"
                + "  \"AuthenticationEnabled\": false,\n"
                + (dicomWeb ? "  \"Plugins\": [\"" + plugin + "\"],\n"
                        + "  \"DicomWeb\": { \"Enable\": true, \"Root\": \"/dicom-web/\" },\n"
                        : "  \"Plugins\": [],\n")
                + (access == Access.AS_INSTALLED ? "" : "  \"DicomCheckCalledAet\": false,\n"
                        + "  \"DicomAlwaysAllowEcho\": true,\n"
                        + "  \"DicomAlwaysAllowStore\": true,\n"
                        + "  \"DicomAlwaysAllowFind\": true,\n"
                        + "  \"DicomAlwaysAllowGet\": true,\n"
                        + "  \"DicomAlwaysAllowMove\": true,\n")
                + "  \"SaveJobs\": false,\n"
                + (luaScript == null ? "" : "  \"LuaScripts\": [\"" + luaScript + "\"],\n")
                + "  \"DicomModalities\": {" + modalitiesJson(modalities) + "}\n"
                + "}\n";
        Path file = dir.resolve("orthanc.json");
        Files.writeString(file, config);
        Peers.Proc proc = Peers.start(dir, List.of(exe, "--no-jobs", file.toString()));
        OrthancPeer o = new OrthancPeer(proc, dicomPort, httpPort);
        o.awaitUp();
        return o;
    }

    private static String modalitiesJson(java.util.Map<String, Modality> modalities) {
        StringBuilder sb = new StringBuilder();
        modalities.forEach((id, m) -> sb.append(sb.length() == 0 ? " " : ", ").append('"').append(id).append("\": [\"")
                .append(m.aet()).append("\", \"127.0.0.1\", ").append(m.port()).append(']'));
        return sb.append(' ').toString();
    }

    private void awaitUp() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!proc.process().isAlive()) {
                fail("Orthanc exited with " + proc.process().exitValue() + ":\n" + proc.output());
            }
            try {
                if (get("/system").statusCode() == 200) {
                    Peers.awaitListening(dicomPort, proc, 10_000);
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("Orthanc did not come up within 30 s:\n" + proc.output());
    }

    public int dicomPort() {
        return dicomPort;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> postBytes(String path, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /**
     * One request, sent again once when the connection it went out on was already closed by Orthanc: the JDK client
     * reuses a kept-alive connection that Orthanc's web server may have closed while it sat idle, and then reads no
     * answer at all ("header parser received no bytes"). Every call here is safe to repeat (GETs, and POSTs of an
     * instance Orthanc stores once, or of a query).
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    public String output() throws IOException {
        return proc.output();
    }

    @Override
    public void close() {
        proc.close();
    }
}
