package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.dicom.net.dimse.DimseStatusException;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.CStoreHandler;
import nl.zorgbrug.dicom.net.service.DicomServer;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.StorageSopClasses;
import nl.zorgbrug.dicom.net.service.StoreRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zorgbrug dicom listen --aet AET --port N --dir DIR}: a storage SCP (and Verification SCP)
 * that stores what it receives as PS3.10 files named by SOP Instance UID, like dcmtk's storescp.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Receive DICOM objects (C-STORE, C-ECHO) and store them as <SOP Instance UID>.dcm in a directory.",
                "Runs until interrupted (Ctrl-C)."})
public final class ListenCommand implements Callable<Integer> {

    @Option(names = "--aet", required = true, paramLabel = "AET", description = "The AE title we answer to.")
    String aeTitle;

    @Option(names = "--port", required = true, paramLabel = "N", description = "TCP port to listen on.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bind;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where received objects are stored.")
    Path dir;

    @Option(names = "--allow", split = ",", paramLabel = "CALLING_AET",
            description = "Calling AE titles allowed to associate (comma-separated). Default: any.")
    List<String> allowed;

    @Option(names = "--accept-any-sop-class",
            description = "Accept any SOP class for storage, not only the storage SOP classes of PS3.4 Annex B.")
    boolean acceptAny;

    @Option(names = "--tls-bind", paramLabel = "AET=SUBJECT_DN",
            description = {"With --tls: bind a calling AE title to the subject of its client certificate, e.g.",
                    "--tls-bind 'PACS_B=CN=pacs.example.nl,O=Ziekenhuis B'. Repeatable."})
    List<String> tlsBindings;

    @Option(names = "--max-associations", paramLabel = "N", defaultValue = "100",
            description = "Associations served at once; more are rejected transiently. Default: ${DEFAULT-VALUE}.")
    int maxAssociations;

    @Mixin
    NetworkOptions net;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String aet;
        Set<String> callers = new LinkedHashSet<>();
        try {
            aet = PeerAddress.checkAeTitle(aeTitle);
            if (allowed != null) {
                for (String a : allowed) {
                    callers.add(PeerAddress.checkAeTitle(a));
                }
            }
            Files.createDirectories(dir);
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        FileStoreHandler files = new FileStoreHandler(dir);
        CStoreHandler logging = (StoreRequest request, InputStream data) -> {
            try {
                Status status = files.store(request, data);
                synchronized (out) {
                    out.println("stored " + request.sopInstanceUid() + ".dcm ("
                            + StorageSopClasses.keyword(request.sopClassUid()) + ", " + request.transferSyntax().name()
                            + ") from " + request.callingAeTitle());
                    out.flush();
                }
                return status;
            } catch (IOException | DimseStatusException | RuntimeException e) {
                synchronized (err) {
                    err.println("failed to store " + request.sopInstanceUid() + " from " + request.callingAeTitle()
                            + ": " + e.getMessage());
                    err.flush();
                }
                throw e;
            }
        };
        DicomServer server = new DicomServer(Map.of(aet, callers), logging, acceptAny,
                DicomServer.DEFAULT_TRANSFER_SYNTAXES);
        if (tlsBindings != null && !tlsBindings.isEmpty()) {
            Map<String, String> bindings = new java.util.HashMap<>();
            for (String b : tlsBindings) {
                int eq = b.indexOf('=');
                if (eq <= 0) {
                    err.println("error: --tls-bind '" + b + "' is not AET=SUBJECT_DN");
                    return 1;
                }
                bindings.put(PeerAddress.checkAeTitle(b.substring(0, eq)), b.substring(eq + 1));
            }
            try {
                server = server.withCertificateBindings(bindings);
            } catch (IllegalArgumentException e) {
                err.println("error: --tls-bind: " + e.getMessage());
                return 1;
            }
        }
        Acceptor acceptor;
        try {
            acceptor = new Acceptor(server, server, net.associationOptions(), maxAssociations, tls.serverSocketFactory());
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            err.println("error: TLS configuration: " + e.getMessage());
            return 1;
        }
        try {
            acceptor.start(InetAddress.getByName(bind), port);
        } catch (IOException e) {
            err.println("error: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            acceptor.close();
            stopped.countDown();
        }, "zorgbrug-listen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("listening as " + aet + " on " + bind + ":" + acceptor.port() + (tls.tls ? " (DICOM TLS)" : "")
                + ", storing into " + dir
                + (callers.isEmpty() ? "" : ", allowing " + callers));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Interrupted (embedded use, tests): stop like on Ctrl-C.
            Thread.currentThread().interrupt();
        } finally {
            acceptor.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
        }
        return 0;
    }
}
