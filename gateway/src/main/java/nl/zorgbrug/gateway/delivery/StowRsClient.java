package nl.zorgbrug.gateway.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import nl.zorgbrug.gateway.job.PermanentDeliveryException;

/**
 * DICOMweb STOW-RS client (PS3.18 10.5): POSTs PS3.10 files as one multipart/related request of
 * type application/dicom to {@code {base}/studies}. PS3.18 10.5.3.1: 200 (all stored), 202 (some stored, with
 * warnings or failures) and 409 (none stored) carry a response body that says what happened to each instance,
 * which {@link StowRsTransport} reads; any other 4xx is permanent for the job; 5xx and I/O errors are transient.
 */
public final class StowRsClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The outcome of one STOW-RS request: the HTTP status and the body that says what became of each instance. */
    public record Response(int status, String body) {
    }

    /**
     * The request was stopped before its body was all sent, because {@code stop} said so (the node drains, issue 22):
     * the body lacks its closing delimiter (RFC 2046 5.1.1), so the origin server has no complete request to store.
     */
    public static final class Stopped extends IOException {
        Stopped(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Response store(String studiesUrl, List<Path> files) throws IOException {
        return store(studiesUrl, files, () -> false);
    }

    /**
     * {@link #store(String, List)} that stops sending the body once {@code stop} says so, between two reads of it;
     * a body sent whole is answered as usual.
     *
     * @throws Stopped when it stopped: nothing the server answered is known, and the instances go again later
     */
    public Response store(String studiesUrl, List<Path> files, java.util.function.BooleanSupplier stop)
            throws IOException {
        String boundary = "zorgbrug-" + UUID.randomUUID();
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        List<InputStream> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(new ByteArrayInputStream(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            parts.add(Files.newInputStream(f));
            parts.add(new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        parts.add(new ByteArrayInputStream(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        URI uri = URI.create(studiesUrl);
        HttpRequest.Builder builder = HttpRequest.newBuilder(withoutUserInfo(uri));
        if (uri.getRawUserInfo() != null) {
            // Credentials in the address book's URL (https://user:password@host/...) become basic authentication.
            builder.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    java.net.URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)));
        }
        HttpRequest request = builder
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new Stoppable(new SequenceInputStream(Collections.enumeration(parts)), stop, cut)))
                .build();
        try {
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (cut.get()) {
                    throw new Stopped("STOW-RS to " + withoutUserInfo(uri) + " stopped before its body was all sent:"
                            + " the node is stopping", e);
                }
                throw e;
            }
            if (cut.get()) {
                // A client that took the cut for the body's end sent an incomplete request; whatever the server
                // answered is about that, not about the study.
                throw new Stopped("STOW-RS to " + withoutUserInfo(uri) + " stopped before its body was all sent:"
                        + " the node is stopping (the server answered HTTP " + r.statusCode() + " to what came)", null);
            }
            if (r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 409) {
                throw new PermanentDeliveryException("STOW-RS to " + withoutUserInfo(uri) + " answered HTTP " + r.statusCode()
                        + ": " + abbreviate(r.body()));
            }
            if (r.statusCode() >= 500) {
                throw new IOException("STOW-RS to " + withoutUserInfo(uri) + " answered HTTP " + r.statusCode());
            }
            return new Response(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("STOW-RS to " + withoutUserInfo(uri) + " interrupted", e);
        }
    }

    /** The request body, which ends with an error at the first read after {@code stop} says so. */
    private static final class Stoppable extends java.io.FilterInputStream {
        private final java.util.function.BooleanSupplier stop;
        private final java.util.concurrent.atomic.AtomicBoolean cut;

        Stoppable(InputStream in, java.util.function.BooleanSupplier stop,
                  java.util.concurrent.atomic.AtomicBoolean cut) {
            super(in);
            this.stop = stop;
            this.cut = cut;
        }

        private void check() throws IOException {
            if (cut.get() || stop.getAsBoolean()) {
                cut.set(true);
                throw new IOException("the node is stopping: the STOW-RS body is not sent further");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }
    }

    private static URI withoutUserInfo(URI uri) {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a valid STOW-RS URL: " + uri.getHost() + uri.getPath(), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
