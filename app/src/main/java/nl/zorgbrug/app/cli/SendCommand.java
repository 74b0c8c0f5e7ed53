package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.service.StoreScu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code zorgbrug dicom send AET@host:port FILE|DIR...}: C-STORE of PS3.10 files, like dcmtk's storescu. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send DICOM files (C-STORE) to a peer. Directories are searched recursively; files in them"
                + " that are not DICOM are skipped.", "Exit code 0 only when every file was stored (warnings count as stored)."})
public final class SendCommand extends PeerCommand {

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE|DIR", description = "Files or directories to send.")
    List<Path> paths;

    @Override
    String exchange() {
        return "sending to";
    }

    @Override
    int call(Connector connector, PrintWriter out, PrintWriter err) {
        List<Path> files = new ArrayList<>();
        int skipped = 0;
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                        if (looksLikeDicom(f)) {
                            files.add(f);
                        } else {
                            skipped++;
                        }
                    }
                } catch (IOException e) {
                    err.println("error: cannot read directory " + p + ": " + e.getMessage());
                    return FAILED;
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                err.println("error: " + p + " is neither a file nor a directory");
                return FAILED;
            }
        }
        if (files.isEmpty()) {
            err.println("error: no DICOM files found in " + paths + (skipped > 0 ? " (" + skipped + " other files skipped)" : ""));
            return FAILED;
        }
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                // reported when the file is sent
            }
        }
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        List<StoreScu.Outcome> outcomes;
        try {
            outcomes = StoreScu.send(connector, callingAeTitle(), peer.aeTitle(),
                    peer.host(), peer.port(), files, (o, done, total) -> {
                        if (!o.ok()) {
                            if (tty) {
                                err.print("\r");
                            }
                            err.println("failed: " + o);
                        }
                        if (tty) {
                            err.print("\r" + bar(done, total));
                            err.flush();
                        }
                    });
        } catch (IOException | IllegalArgumentException e) {
            if (tty) {
                err.println();
            }
            err.println("error: " + exchange() + " " + peer + " failed: " + e.getMessage());
            return FAILED;
        }
        if (tty) {
            err.println();
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        int success = 0;
        int warning = 0;
        int failure = 0;
        int notSent = 0;
        for (StoreScu.Outcome o : outcomes) {
            if (o.error() != null) {
                notSent++;
            } else if (o.status().isFailure()) {
                failure++;
            } else if (o.status().isWarning()) {
                warning++;
            } else {
                success++;
            }
        }
        out.println(String.format(Locale.ROOT,
                "sent %d files to %s in %.1f s (%.1f files/s, %.1f MB/s): %d success, %d warning, %d failure, %d not sent%s",
                files.size(), peer, seconds, files.size() / seconds, bytes / seconds / 1e6, success, warning, failure,
                notSent, skipped > 0 ? "; " + skipped + " non-DICOM files skipped" : ""));
        if (failure + notSent > 0) {
            err.println("error: " + (failure + notSent) + " of " + files.size() + " files were not stored by " + peer);
            return FAILED;
        }
        return OK;
    }

    private static String bar(int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / Math.max(1, total));
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total;
    }

    /** PS3.10 7.1: "DICM" after the 128-byte preamble (or a bare File Meta Information group 0002). */
    static boolean looksLikeDicom(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(132);
            if (b.length == 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
                return true;
            }
            return b.length >= 8 && b[0] == 0x02 && b[1] == 0x00;
        } catch (IOException e) {
            return false;
        }
    }
}
