package nl.zorgbrug.gateway.inbound.stowrs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of multipart/related bodies (RFC 2387, as STOW-RS uses them, PS3.18 8.6.1.2):
 * each part is handed over as a stream that ends at the next boundary, so a study of any size passes
 * without being held in memory. The boundary is searched with KMP, so a part may contain any bytes.
 */
public final class MultipartRelated {

    /** Receives each part: its headers (names lower-case) and its body. */
    @FunctionalInterface
    public interface PartConsumer {
        void accept(Map<String, String> headers, InputStream body) throws IOException;
    }

    private MultipartRelated() {
    }

    /** The body is not multipart as its Content-Type says: the sender's fault, answered 400 (PS3.18 10.5.3). */
    public static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    /** The boundary parameter of a Content-Type header, or null. */
    public static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                return b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2 ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }

    public static int parse(InputStream in, String boundary, PartConsumer consumer) throws IOException {
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // Preamble up to the first boundary line.
        new PartStream(in, first).transferTo(java.io.OutputStream.nullOutputStream());
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int parts = 0;
        while (true) {
            int a = in.read();
            int b = in.read();
            if (a == '-' && b == '-') {
                if (parts == 0) {
                    // RFC 2046 5.1.1: a multipart body holds one or more body parts.
                    throw new MalformedException("multipart body holds no part");
                }
                return parts;
            }
            if (a != '\r' || b != '\n') {
                throw new MalformedException("multipart body: expected CRLF or \"--\" after the boundary (part " + (parts + 1) + ")");
            }
            Map<String, String> headers = headers(in);
            PartStream body = new PartStream(in, delimiter);
            consumer.accept(headers, body);
            body.transferTo(java.io.OutputStream.nullOutputStream());
            parts++;
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new MalformedException("multipart body ends inside part headers");
            }
            if (c == '\n') {
                String l = line.toString().replace("\r", "");
                if (l.isEmpty()) {
                    return headers;
                }
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
                }
                line.setLength(0);
            } else if (line.length() < 8192) {
                line.append((char) c);
            }
        }
    }

    /** The bytes of one part: everything before the delimiter, which is consumed. */
    static final class PartStream extends InputStream {
        private final InputStream in;
        private final byte[] delimiter;
        private final int[] failure;
        private final byte[] out;
        private int outStart;
        private int outEnd;
        private int matched;
        private boolean done;

        PartStream(InputStream in, byte[] delimiter) {
            this.in = in;
            this.delimiter = delimiter;
            this.failure = new int[delimiter.length];
            for (int i = 1, k = 0; i < delimiter.length; i++) {
                while (k > 0 && delimiter[i] != delimiter[k]) {
                    k = failure[k - 1];
                }
                if (delimiter[i] == delimiter[k]) {
                    k++;
                }
                failure[i] = k;
            }
            this.out = new byte[delimiter.length + 1];
        }

        @Override
        public int read() throws IOException {
            while (outStart == outEnd) {
                if (done) {
                    return -1;
                }
                outStart = 0;
                outEnd = 0;
                int c = in.read();
                if (c < 0) {
                    throw new MalformedException("multipart body ends before its closing boundary");
                }
                while (matched > 0 && (byte) c != delimiter[matched]) {
                    int keep = failure[matched - 1];
                    System.arraycopy(delimiter, 0, out, outEnd, matched - keep);
                    outEnd += matched - keep;
                    matched = keep;
                }
                if ((byte) c == delimiter[matched]) {
                    matched++;
                    if (matched == delimiter.length) {
                        done = true;
                    }
                } else {
                    out[outEnd++] = (byte) c;
                }
            }
            return out[outStart++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                if (outStart == outEnd && done) {
                    break;
                }
                int c = read();
                if (c < 0) {
                    break;
                }
                b[off + n++] = (byte) c;
                if (outStart == outEnd && n > 0 && in.available() == 0 && !done) {
                    break;
                }
            }
            return n == 0 ? -1 : n;
        }
    }
}
