package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
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
import picocli.CommandLine.Option;

/** {@code zorgbrug dicom find AET@host:port -k Key=Value...}: C-FIND, like dcmtk's findscu. */
@Command(name = "find", mixinStandardHelpOptions = true,
        description = "Query a peer (C-FIND, patient or study root) and print every match.")
public final class FindCommand extends PeerCommand {

    @Option(names = {"-k", "--key"}, paramLabel = "KEY[=VALUE]",
            description = "Query key: Keyword=value, Keyword (return key), gggg,eeee=value or Sequence.Keyword=value.")
    List<String> keys = List.of();

    @Option(names = {"-L", "--level"}, defaultValue = "STUDY", paramLabel = "LEVEL",
            description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE. Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = {"-m", "--model"}, defaultValue = "study", paramLabel = "MODEL",
            description = "Information model: study (Study Root) or patient (Patient Root). Default: ${DEFAULT-VALUE}.")
    String model;

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
    String exchange() {
        return "C-FIND at";
    }

    @Override
    int call(Connector connector, PrintWriter out, PrintWriter err) throws IOException {
        String cuid = sopClass(model, QueryRetrieve.STUDY_ROOT_FIND, QueryRetrieve.PATIENT_ROOT_FIND);
        DataSet identifier = QueryKeys.build(keys, level.toUpperCase(java.util.Locale.ROOT));
        AtomicInteger n = new AtomicInteger();
        Status status;
        try (Association as = associate(connector, List.of(QueryRetrieve.context(1, cuid)), List.of())) {
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
            return FAILED;
        }
        out.println("# " + n.get() + " matches");
        return OK;
    }
}
