package nl.zorgbrug.gateway.inbound.stowrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultipartRelatedTest {

    static byte[] body(String boundary, List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("preamble\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : parts) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(p);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static List<byte[]> parse(byte[] body, String boundary) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        MultipartRelated.parse(new BufferedInputStream(new ByteArrayInputStream(body)), boundary, (headers, in) -> {
            assertThat(headers).containsEntry("content-type", "application/dicom");
            parts.add(in.readAllBytes());
        });
        return parts;
    }

    // One part at least: a multipart body without parts is malformed (RFC 2046 5.1.1), see below.
    @Property(tries = 300)
    void anyBytesRoundTrip(@ForAll @Size(min = 1, max = 4) List<@Size(max = 300) byte[]> parts) throws IOException {
        // Parts full of boundary-like bytes must not confuse the reader.
        String boundary = "b--\r\n-b";
        List<byte[]> got = parse(body(boundary, parts), boundary);
        assertThat(got).hasSameSizeAs(parts);
        for (int i = 0; i < parts.size(); i++) {
            assertThat(got.get(i)).isEqualTo(parts.get(i));
        }
    }

    @Test
    void partsThatContainAlmostTheBoundary() throws IOException {
        String boundary = "abcabd";
        byte[] tricky = "x\r\n--abcab\r\n--abcabcabd-y\r\n--abcabc".getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(body(boundary, List.of(tricky, tricky)), boundary)).hasSize(2)
                .allSatisfy(p -> assertThat(p).isEqualTo(tricky));
    }

    @Test
    void boundaryFromContentType() {
        assertThat(MultipartRelated.boundary("multipart/related; type=\"application/dicom\"; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartRelated.boundary("multipart/related; boundary=xyz")).isEqualTo("xyz");
        assertThat(MultipartRelated.boundary("application/dicom")).isNull();
    }

    @Test
    void truncatedBodyIsAnError() {
        byte[] full = body("zz", List.of(new byte[] {1, 2, 3}));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 8);
        assertThatThrownBy(() -> parse(cut, "zz")).isInstanceOf(IOException.class);
    }

    @Test
    void aBodyWithoutPartsOrWithoutItsBoundaryIsMalformed() {
        assertThatThrownBy(() -> parse("--zz--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "zz"))
                .isInstanceOf(MultipartRelated.MalformedException.class).hasMessage("multipart body holds no part");
        byte[] noise = new byte[4096];
        new java.util.Random(15).nextBytes(noise);
        assertThatThrownBy(() -> parse(noise, "zorgbrug-boundary-15"))
                .isInstanceOf(MultipartRelated.MalformedException.class);
    }
}
