package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.io.DumpFormatter;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.dimse.Status;
import nl.zorgbrug.dicom.net.service.FindScu;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zorgbrug dicom find AET@host:port -k Key=Value...}: C-FIND, like dcmtk's findscu. */
@Command(name = "find", mixinStandardHelpOptions = true,
        description = "Query a peer (C-FIND, patient or study root) and print every match.")
public final class FindCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "AET@HOST:PORT", converter = PeerAddress.Converter.class,
            description = "The peer, e.g. PACS@10.0.0.5:104.")
    PeerAddress peer;

    @Option(names = {"-k", "--key"}, paramLabel = "KEY[=VALUE]",
            description = "Query key: Keyword=value, Keyword (return key), gggg,eeee=value or Sequence.Keyword=value.")
    List<String> keys = List.of();

    @Option(names = {"-L", "--level"}, defaultValue = "STUDY", paramLabel = "LEVEL",
            description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE. Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = {"-m", "--model"}, defaultValue = "study", paramLabel = "MODEL",
            description = "Information model: study (Study Root) or patient (Patient Root). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--aet", paramLabel = "AET", defaultValue = "ZORGBRUG",
            description = "Our (calling) AE title. Default: ${DEFAULT-VALUE}.")
    String callingAeTitle;

    @Mixin
    NetworkOptions net;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    static String sopClass(String model, String studyRoot, String patientRoot) {
        if (model.equalsIgnoreCase("study")) {
            return studyRoot;
        }
        if (model.equalsIgnoreCase("patient")) {
            return patientRoot;
        }
        throw new IllegalArgumentException("--model must be 'study' or 'patient', not '" + model + "'");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String cuid = sopClass(model, QueryRetrieve.STUDY_ROOT_FIND, QueryRetrieve.PATIENT_ROOT_FIND);
            DataSet identifier = QueryKeys.build(keys, level.toUpperCase(java.util.Locale.ROOT));
            Connector connector = new Connector(net.associationOptions(), tls.socketFactory());
            AtomicInteger n = new AtomicInteger();
            Status status;
            try (Association as = connector.connect(peer.host(), peer.port(), connector.request(
                    PeerAddress.checkAeTitle(callingAeTitle), peer.aeTitle(), List.of(QueryRetrieve.context(1, cuid)),
                    List.of(), null))) {
                status = FindScu.find(new Dimse(as), cuid, identifier, match -> {
                    out.println("# match " + n.incrementAndGet());
                    out.print(new DumpFormatter().format(match));
                    out.flush();
                    return true;
                });
                as.release();
            }
            if (!status.isSuccess()) {
                err.println("error: C-FIND at " + peer + " ended with " + status);
                return 1;
            }
            out.println("# " + n.get() + " matches");
            return 0;
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            err.println("error: C-FIND at " + peer + " failed: " + e.getMessage());
            return 1;
        }
    }
}
