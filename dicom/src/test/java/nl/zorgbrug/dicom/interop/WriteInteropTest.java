package nl.zorgbrug.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.dicom.data.DataSet;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.VR;
import nl.zorgbrug.dicom.edit.Edit;
import nl.zorgbrug.dicom.edit.StreamingEditor;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.io.Part10Writer;

/**
 * What we write, real peers read: unmodified objects come back byte for byte; edited objects
 * (in memory and with the streaming editor) are read by dcmtk's dcmdump without error and by
 * pydicom with the values we set, in every transfer syntax and character set of the corpus.
 */
class WriteInteropTest {
    private static final String NEW_NAME = "Jürgen^van Dijk";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> corpus() {
        return Corpus.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void unmodifiedObjectIsWrittenBackByteForByte(Path file) throws IOException {
        DicomFile read = Part10Reader.read(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(read, out);
        byte[] original = Files.readAllBytes(file);
        if (read.transferSyntax().deflated()) {
            // Deflate output depends on the compressor; the inflated data set must be identical.
            assertSameBytes(inflatedDataSet(out.toByteArray()), inflatedDataSet(original));
        } else {
            assertSameBytes(out.toByteArray(), original);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void streamingEditorWithoutEditsCopiesTheObjectUnchanged(Path file, @TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("copy.dcm");
        StreamingEditor.edit(file, out, head -> List.of());
        if (Part10Reader.readHeader(file).transferSyntax().deflated()) {
            assertSameBytes(inflatedDataSet(Files.readAllBytes(out)), inflatedDataSet(Files.readAllBytes(file)));
        } else {
            assertSameBytes(Files.readAllBytes(out), Files.readAllBytes(file));
        }
    }

    @Test
    void editedObjectsAreReadByDcmdumpAndPydicom(@TempDir Path tmp) throws IOException {
        Path memory = Files.createDirectories(tmp.resolve("memory"));
        Path streamed = Files.createDirectories(tmp.resolve("streamed"));
        Map<String, DicomFile> originals = new HashMap<>();
        for (Path file : Corpus.files()) {
            String name = file.getFileName().toString();
            DicomFile df = Part10Reader.read(file);
            originals.put(name, df);
            DataSet ds = df.dataSet();
            ds.setString(Tag.PatientName, VR.PN, NEW_NAME);
            ds.setString(Tag.PatientID, VR.LO, "EDITED-1");
            Part10Writer.write(df, memory.resolve(name));
            StreamingEditor.edit(file, streamed.resolve(name), head -> {
                DataSet scratch = DataSet.itemOf(head);
                scratch.setString(Tag.PatientName, VR.PN, NEW_NAME);
                scratch.setString(Tag.PatientID, VR.LO, "EDITED-1");
                return List.of(new Edit.Put(scratch.get(Tag.PatientName)), new Edit.Put(scratch.get(Tag.PatientID)));
            });
        }
        for (Path dir : List.of(memory, streamed)) {
            List<String> problems = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    Peers.Result r = Peers.run(List.of("dcmdump", "-q", "+E", f.toString()), null);
                    if (r.exitCode() != 0 || !r.stderr().isBlank()) {
                        problems.add(f.getFileName() + ": dcmdump exit " + r.exitCode() + " " + r.stderr().trim());
                    }
                }
            }
            assertThat(problems).as("dcmdump on " + dir.getFileName()).isEmpty();

            Peers.Result py = Peers.run(List.of(Peers.PYTHON, Path.of("src/test/python/read_values.py")
                    .toAbsolutePath().toString(), dir.toString()), null);
            assertThat(py.exitCode()).as("pydicom: " + py.stderr()).isZero();
            int seen = 0;
            for (String line : py.stdout().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode v = JSON.readTree(line);
                DicomFile original = originals.get(v.get("file").asText());
                assertThat(v.get("PatientName").asText()).as(v.get("file").asText()).isEqualTo(NEW_NAME);
                assertThat(v.get("PatientID").asText()).isEqualTo("EDITED-1");
                assertThat(v.get("TransferSyntaxUID").asText()).isEqualTo(original.transferSyntax().uid());
                assertThat(v.get("OtherPatientIDs").toString()).contains("999911120");
                seen++;
            }
            assertThat(seen).isEqualTo(originals.size());
        }
    }

    /** Reports the first differing offset rather than two whole arrays. */
    static void assertSameBytes(byte[] actual, byte[] expected) {
        int n = Math.min(actual.length, expected.length);
        for (int i = 0; i < n; i++) {
            if (actual[i] != expected[i]) {
                throw new AssertionError("bytes differ first at offset " + i + " (ours " + (actual[i] & 0xFF)
                        + ", original " + (expected[i] & 0xFF) + ")");
            }
        }
        assertThat(actual.length).as("length").isEqualTo(expected.length);
    }

    /** The bytes of a deflated file's data set after inflating. */
    private static byte[] inflatedDataSet(byte[] file) throws IOException {
        Part10Reader.Opened opened = Part10Reader.open(new java.io.ByteArrayInputStream(file), "mem", file.length);
        try (InputStream in = new java.util.zip.InflaterInputStream(opened.input().asInputStream(),
                new java.util.zip.Inflater(true))) {
            return in.readAllBytes();
        }
    }

}
