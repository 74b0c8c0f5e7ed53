package nl.zorgbrug.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import nl.zorgbrug.dicom.data.Element;
import nl.zorgbrug.dicom.data.Tag;
import nl.zorgbrug.dicom.data.Value;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.dicom.json.DicomJsonWriter;

/**
 * For every object of the pydicom/dcmtk corpus, the values our reader sees equal the values
 * pydicom reads: both rendered as the DICOM JSON model (PS3.18 F.2) and compared element by
 * element, recursively through sequences. Numbers compare by value, text exactly.
 */
class PydicomAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> corpus() {
        return Corpus.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void ourValuesEqualPydicoms(Path file) throws IOException {
        DicomFile ours = Part10Reader.read(file);
        JsonNode expected = JSON.readTree(Files.readString(Path.of(file.toString().replace(".dcm", ".json"))));
        Element pixels = ours.dataSet().get(Tag.PixelData);
        if (pixels != null && pixels.value() instanceof Value.Fragments frags) {
            // pydicom's JSON holds encapsulated Pixel Data as the encoded items; compare fragments instead.
            byte[] pyItems = Base64.getDecoder().decode(((com.fasterxml.jackson.databind.node.ObjectNode) expected)
                    .remove(String.format("%08X", Tag.PixelData)).get("InlineBinary").asText());
            assertThat(pyItems).isEqualTo(items(frags));
            ours.dataSet().remove(Tag.PixelData);
        }
        if (ours.transferSyntax().bigEndian() && pixels != null && pixels.vr() == nl.zorgbrug.dicom.data.VR.OW) {
            // pydicom's InlineBinary is the file's big endian bytes; ours is little endian, as
            // PS3.18 F.2.7 asks of binary values in the JSON model. Swap pydicom's to compare.
            com.fasterxml.jackson.databind.node.ObjectNode px = (com.fasterxml.jackson.databind.node.ObjectNode)
                    expected.get(String.format("%08X", Tag.PixelData));
            byte[] be = Base64.getDecoder().decode(px.get("InlineBinary").asText());
            nl.zorgbrug.dicom.io.DicomReader.swap(be, 2);
            px.put("InlineBinary", Base64.getEncoder().encodeToString(be));
        }
        JsonNode actual = JSON.readTree(new DicomJsonWriter(false).write(ours.dataSet()));
        List<String> differences = new ArrayList<>();
        compare(expected, actual, "", differences);
        assertThat(differences).as("differences from pydicom in " + file.getFileName()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void headerOnlyReadStopsBeforePixelDataAndAgreesOnTheRest(Path file) throws IOException {
        DicomFile full = Part10Reader.read(file);
        DicomFile header = Part10Reader.readHeader(file);
        assertThat(header.dataSet().contains(Tag.PixelData)).isFalse();
        full.dataSet().remove(Tag.PixelData);
        assertThat(header.dataSet().contentEquals(full.dataSet())).isTrue();
    }

    private static byte[] items(Value.Fragments frags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frags.fragments()) {
            out.write(0xFE);
            out.write(0xFF);
            out.write(0x00);
            out.write(0xE0);
            int n = f.length;
            out.write(n);
            out.write(n >> 8);
            out.write(n >> 16);
            out.write(n >> 24);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static void compare(JsonNode expected, JsonNode actual, String path, List<String> differences) {
        Iterator<String> names = expected.fieldNames();
        while (names.hasNext()) {
            String tag = names.next();
            JsonNode e = expected.get(tag);
            JsonNode a = actual.get(tag);
            String where = path + "/" + tag;
            if (a == null) {
                differences.add(where + " missing in ours");
                continue;
            }
            if (!e.path("vr").asText().equals(a.path("vr").asText())) {
                differences.add(where + " VR " + a.path("vr").asText() + " but pydicom says " + e.path("vr").asText());
            }
            if (e.has("InlineBinary") || a.has("InlineBinary")) {
                byte[] eb = Base64.getDecoder().decode(e.path("InlineBinary").asText(""));
                byte[] ab = Base64.getDecoder().decode(a.path("InlineBinary").asText(""));
                if (!java.util.Arrays.equals(eb, ab)) {
                    differences.add(where + " binary value differs (" + ab.length + " vs " + eb.length + " bytes)");
                }
                continue;
            }
            JsonNode ev = e.path("Value");
            JsonNode av = a.path("Value");
            if (ev.size() != av.size()) {
                differences.add(where + " has " + av.size() + " values but pydicom " + ev.size() + ": " + av + " vs " + ev);
                continue;
            }
            for (int i = 0; i < ev.size(); i++) {
                JsonNode x = ev.get(i);
                JsonNode y = av.get(i);
                if ("SQ".equals(e.path("vr").asText())) {
                    compare(x, y, where + "[" + i + "]", differences);
                } else if (x.isNumber() && y.isNumber()) {
                    if (x.isFloatingPointNumber() || y.isFloatingPointNumber()) {
                        if (Math.abs(x.asDouble() - y.asDouble()) > 1e-6 * Math.max(1, Math.abs(x.asDouble()))) {
                            differences.add(where + " value " + y + " but pydicom " + x);
                        }
                    } else if (new BigDecimal(x.asText()).compareTo(new BigDecimal(y.asText())) != 0) {
                        differences.add(where + " value " + y + " but pydicom " + x);
                    }
                } else if (!x.equals(y)) {
                    differences.add(where + " value " + y + " but pydicom " + x);
                }
            }
        }
        Iterator<String> ours = actual.fieldNames();
        while (ours.hasNext()) {
            String tag = ours.next();
            if (!expected.has(tag)) {
                differences.add(path + "/" + tag + " only in ours");
            }
        }
    }
}
