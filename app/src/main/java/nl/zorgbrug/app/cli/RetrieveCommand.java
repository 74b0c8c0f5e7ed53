package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.net.assoc.Association;
import nl.zorgbrug.dicom.net.assoc.Connector;
import nl.zorgbrug.dicom.net.dimse.Dimse;
import nl.zorgbrug.dicom.net.service.FileStoreHandler;
import nl.zorgbrug.dicom.net.service.QueryRetrieve;
import nl.zorgbrug.dicom.net.service.RetrieveScu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What {@code dicom move} and {@code dicom get} share besides the peer: keys, level, model, and the summary. */
abstract class RetrieveCommand extends PeerCommand {
    /** Storage SOP classes proposed for C-GET sub-operations (PS3.4 B.5), the common image and document classes. */
    static final List<String> GET_STORAGE_CLASSES = List.of(
            "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2",
            "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2.1", "1.2.840.10008.5.1.4.1.1.3.1",
            "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.4.1", "1.2.840.10008.5.1.4.1.1.6.1",
            "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.12.1", "1.2.840.10008.5.1.4.1.1.12.2",
            "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.481.1",
            "1.2.840.10008.5.1.4.1.1.481.2", "1.2.840.10008.5.1.4.1.1.481.3", "1.2.840.10008.5.1.4.1.1.481.5",
            "1.2.840.10008.5.1.4.1.1.88.11", "1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.33",
            "1.2.840.10008.5.1.4.1.1.88.59", "1.2.840.10008.5.1.4.1.1.104.1", "1.2.840.10008.5.1.4.1.1.11.1",
            "1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.5.1.4.1.1.1.2.1", "1.2.840.10008.5.1.4.1.1.13.1.3");

    @Option(names = {"-k", "--key"}, paramLabel = "KEY=VALUE", required = true,
            description = "Retrieve key, e.g. StudyInstanceUID=1.2.3 (unique keys of the level, PS3.4 C.4.2.1.4).")
    List<String> keys;

    @Option(names = {"-L", "--level"}, defaultValue = "STUDY", paramLabel = "LEVEL",
            description = "Query/Retrieve Level: PATIENT, STUDY, SERIES or IMAGE. Default: ${DEFAULT-VALUE}.")
    String level;

    @Option(names = {"-m", "--model"}, defaultValue = "study", paramLabel = "MODEL",
            description = "Information model: study or patient. Default: ${DEFAULT-VALUE}.")
    String model;

    abstract String name();

    abstract RetrieveScu.Result retrieve(Connector connector, DataSet identifier) throws IOException;

    DataSet identifier() {
        return QueryKeys.build(keys, level.toUpperCase(Locale.ROOT));
    }

    @Override
    String exchange() {
        return name() + " from";
    }

    @Override
    int call(Connector connector, PrintWriter out, PrintWriter err) throws IOException {
        RetrieveScu.Result r = retrieve(connector, identifier());
        out.println(name() + " from " + peer + ": " + r.status() + "; " + r.completed() + " completed, "
                + r.failed() + " failed, " + r.warning() + " warning");
        if (!r.status().isSuccess() || r.failed() > 0) {
            err.println("error: " + name() + " from " + peer + " did not complete: " + r.status() + ", "
                    + r.failed() + " sub-operations failed");
            return FAILED;
        }
        return OK;
    }

    /** {@code zorgbrug dicom move AET@host:port --dest AET -k Key=Value}: C-MOVE, like movescu. */
    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Ask a peer to send matching objects to a destination AE (C-MOVE).")
    public static final class Move extends RetrieveCommand {
        @Option(names = "--dest", required = true, paramLabel = "AET",
                description = "Move destination AE title, known to the peer (e.g. our own listener).")
        String destination;

        @Override
        String name() {
            return "C-MOVE";
        }

        @Override
        RetrieveScu.Result retrieve(Connector connector, DataSet identifier) throws IOException {
            String cuid = FindCommand.sopClass(model, QueryRetrieve.STUDY_ROOT_MOVE, QueryRetrieve.PATIENT_ROOT_MOVE);
            try (Association as = associate(connector, List.of(QueryRetrieve.context(1, cuid)), List.of())) {
                RetrieveScu.Result r = RetrieveScu.move(new Dimse(as), cuid, identifier,
                        PeerAddress.checkAeTitle(destination));
                as.release();
                return r;
            }
        }
    }

    /** {@code zorgbrug dicom get AET@host:port --dir DIR -k Key=Value}: C-GET, like getscu. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Retrieve matching objects on this association (C-GET) into a directory, named by SOP Instance UID.")
    public static final class Get extends RetrieveCommand {
        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where retrieved objects are stored.")
        Path dir;

        @Override
        String name() {
            return "C-GET";
        }

        @Override
        RetrieveScu.Result retrieve(Connector connector, DataSet identifier) throws IOException {
            String cuid = FindCommand.sopClass(model, QueryRetrieve.STUDY_ROOT_GET, QueryRetrieve.PATIENT_ROOT_GET);
            try (Association as = associate(connector, RetrieveScu.getContexts(cuid, GET_STORAGE_CLASSES),
                    RetrieveScu.getRoles(GET_STORAGE_CLASSES))) {
                RetrieveScu.Result r = RetrieveScu.get(new Dimse(as), cuid, identifier, new FileStoreHandler(dir));
                as.release();
                return r;
            }
        }
    }
}
