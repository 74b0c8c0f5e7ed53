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

    public Response store(String studiesUrl, List<Path> files) throws IOException {
        String boundary = "zorgbrug-" + UUID.randomUUID();
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
                        new SequenceInputStream(Collections.enumeration(parts))))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
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
