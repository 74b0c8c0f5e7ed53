package nl.zorgbrug.dicom.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * dcmtk's dcmqrscp as a DIMSE-only PACS (no DICOMweb), configured as a hospital configures one: its configuration file
 * lists the move destinations it knows (HostTable: AE title, host, port), and a C-MOVE to any other AE title is refused
 * with 0xA801. Storage into it is by dcmtk's storescu, so what it holds is what a modality would have sent.
 */
public final class DcmqrscpPeer implements AutoCloseable {
    public static final String AET = "PACS_DIMSE";

    private final Peers.Proc proc;
    private final Path dir;
    private final int port;
    private final String aeTitle;

    private DcmqrscpPeer(Peers.Proc proc, Path dir, int port, String aeTitle) {
        this.proc = proc;
        this.dir = dir;
        this.port = port;
        this.aeTitle = aeTitle;
    }

    /** @param moveDestinations AE title to port on 127.0.0.1: the nodes this PACS may send to (empty: none) */
    public static DcmqrscpPeer start(Path dir, Map<String, Integer> moveDestinations) throws Exception {
        return start(dir, AET, moveDestinations);
    }

    /** A PACS under its own AE title (two PACSes in one address book need two). */
    public static DcmqrscpPeer start(Path dir, String aeTitle, Map<String, Integer> moveDestinations)
            throws Exception {
        String exe = Peers.require("dcmqrscp");
        Peers.require("storescu");
        Path db = Files.createDirectories(dir.resolve("db"));
        int port = Peers.freePort();
        StringBuilder hosts = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, Integer> d : moveDestinations.entrySet()) {
            hosts.append("node").append(n++).append(" = (").append(d.getKey()).append(", 127.0.0.1, ")
                    .append(d.getValue()).append(")\n");
        }
        Path cfg = dir.resolve("dcmqrscp.cfg");
        Files.writeString(cfg, "MaxPDUSize = 16384\nMaxAssociations = 16\n"
                + "HostTable BEGIN\n" + hosts + "HostTable END\n"
                + "VendorTable BEGIN\nVendorTable END\n"
                + "AETable BEGIN\n" + aeTitle + " " + db + " RW (200, 1024mb) ANY\nAETable END\n");
        Peers.Proc proc = Peers.start(dir, List.of(exe, "-c", cfg.toString(), String.valueOf(port)));
        Peers.awaitListening(port, proc, 10_000);
        return new DcmqrscpPeer(proc, dir, port, aeTitle);
    }

    public int port() {
        return port;
    }

    public String aeTitle() {
        return aeTitle;
    }

    /** Stores PS3.10 files into the PACS with storescu, as a modality sends them. */
    public void store(List<Path> files) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", aeTitle, "127.0.0.1",
                String.valueOf(port)));
        files.forEach(f -> cmd.add(f.toString()));
        try (Peers.Proc p = Peers.start(dir, cmd)) {
            assertThat(p.waitFor(60)).as("storescu into dcmqrscp: %s", p.output()).isZero();
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
