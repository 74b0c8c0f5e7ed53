package nl.zorgbrug.registry.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import nl.zorgbrug.gateway.inbound.stowrs.MultipartRelated;

/**
 * The own PACS asked by DICOMweb WADO-RS (PS3.18 §10.4, RAD-107): one instance at a time, {@code GET
 * {root}/studies/{study}/series/{series}/instances/{instance}} with {@code Accept: multipart/related;
 * type="application/dicom"; transfer-syntax=...} (PS3.18 §8.7.3.5.2: {@code *} is the PACS's own syntax, no
 * transcoding), the one part written to the target file as it streams in. What a hospital's PACS offers without any
 * configuration for the node (Orthanc with its DICOMweb plugin as Debian installs it), unlike C-MOVE, which needs the
 * node's AE title, host and port in the PACS, or C-GET, which Orthanc refuses to callers it does not know.
 *
 * @param root     the WADO-RS base, e.g. {@code http://127.0.0.1:8042/dicom-web}
 * @param user     HTTP Basic user at the PACS, or null
 * @param password its password
 */
public record WadoRsPacs(String root, String user, String password, HttpClient http) implements OwnPacs {

    public WadoRsPacs(String root, String user, String password) {
        this(root.endsWith("/") ? root.substring(0, root.length() - 1) : root, user, password,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public boolean fetch(String study, String series, String sop, String transferSyntax, Path target)
            throws IOException {
        URI uri = URI.create(root + "/studies/" + enc(study) + "/series/" + enc(series) + "/instances/" + enc(sop));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET()
                .header("Accept", "multipart/related; type=\"application/dicom\"; transfer-syntax="
                        + (transferSyntax == null ? "*" : transferSyntax));
        if (user != null && !user.isBlank()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":"
                    + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the PACS at " + uri, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return false;
            }
            if (response.statusCode() != 200) {
                throw new IOException("the PACS's WADO-RS at " + uri + " answered HTTP " + response.statusCode()
                        + "; check zorgbrug.registry.source.pacs (URL, user) and that the PACS is up");
            }
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String boundary = MultipartRelated.boundary(contentType);
            if (boundary == null) {
                throw new IOException("the PACS's WADO-RS at " + uri + " answered " + contentType + ", not"
                        + " multipart/related (PS3.18 8.7.3.5.2)");
            }
            AtomicInteger parts = new AtomicInteger();
            MultipartRelated.parse(body, boundary, (headers, part) -> {
                if (parts.getAndIncrement() == 0) {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        part.transferTo(out);
                    }
                } else {
                    part.transferTo(OutputStream.nullOutputStream());
                }
            });
            if (parts.get() == 0) {
                return false;
            }
            return true;
        }
    }

    @Override
    public String describe() {
        return "WADO-RS " + root;
    }

    private static String enc(String uid) {
        return URLEncoder.encode(uid, StandardCharsets.US_ASCII);
    }
}
