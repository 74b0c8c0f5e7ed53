package nl.zorgbrug.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.DicomParseException;
import nl.zorgbrug.dicom.io.DumpFormatter;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.json.DicomJsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zorgbrug dicom dump FILE...}: lists the attributes of PS3.10 files, like dcmtk's dcmdump. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print the attributes of DICOM files (tag, VR, value, length, keyword).")
public final class DumpCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "PS3.10 files to dump.")
    List<Path> files;

    @Option(names = "--json", description = "Print the DICOM JSON model of PS3.18 F.2 instead.")
    boolean json;

    @Option(names = "--header-only", description = "Stop before Pixel Data (7FE0,0010).")
    boolean headerOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        for (Path file : files) {
            try {
                DicomFile df = headerOnly ? Part10Reader.readHeader(file) : Part10Reader.read(file);
                List<String> unknownTerms = df.dataSet().decodingCharset().unknownTerms();
                if (!unknownTerms.isEmpty()) {
                    // A wrong (0008,0005) is the sender's mistake, not a reason to refuse to show the file (issue 15).
                    err.println("note: " + file + ": Specific Character Set (0008,0005) term '" + String.join("\\", unknownTerms)
                            + "' is not a defined term of PS3.3 C.12.1.1.2; its text is shown as ISO_IR 100 (Latin-1)");
                }
                if (json) {
                    out.println(new DicomJsonWriter(true).write(df.dataSet()));
                } else {
                    out.println("# Dicom-File-Format  " + file);
                    out.println();
                    out.println("# Dicom-Meta-Information-Header");
                    out.print(new DumpFormatter().format(df.fileMeta()));
                    out.println();
                    out.println("# Dicom-Data-Set");
                    out.println("# Used TransferSyntax: " + df.transferSyntax().name());
                    out.print(new DumpFormatter().format(df.dataSet()));
                }
            } catch (DicomParseException e) {
                err.println("error: " + e.getMessage());
                failures++;
            } catch (IOException e) {
                err.println("error: cannot read " + file + ": " + e.getMessage());
                failures++;
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
