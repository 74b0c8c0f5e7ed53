package nl.zorgbrug.registry.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.gateway.inbound.stowrs.MultipartRelated;

/**
 * The instances from the source by WADO-RS RetrieveInstance (PS3.18 §10.4.1.1.3: {@code GET
 * {root}/studies/{study}/series/{series}/instances/{instance}}, Accept {@code multipart/related;
 * type="application/dicom"}), the root the repository's address gives.
 */
public final class WadoRsSource implements StudyImport.InstanceSource {
    private final Function<String, RepositoryAddress> addresses;
    private final HttpClient http;
    private final Duration timeout;

    /** @param addresses the address of a repositoryUniqueId, or null when none is known */
    public WadoRsSource(Function<String, RepositoryAddress> addresses, HttpClient http, Duration timeout) {
        this.addresses = addresses;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public DicomFile fetch(String repositoryUniqueId, ManifestInstances.Instance i) throws IOException {
        RepositoryAddress address = addresses.apply(repositoryUniqueId);
        if (address == null || address.wadoRsUrl() == null || address.wadoRsUrl().isBlank()) {
            throw new IOException("no WADO-RS root is known for repository " + repositoryUniqueId
                    + " (zorgbrug.registry.consumer.repositories)");
        }
        String root = address.wadoRsUrl().strip().replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/studies/" + i.studyInstanceUid()
                        + "/series/" + i.seriesInstanceUid() + "/instances/" + i.sopInstanceUid()))
                .timeout(timeout).header("Accept", "multipart/related; type=\"application/dicom\"").GET();
        if (address.user() != null && !address.user().isBlank()) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((address.user() + ":"
                    + (address.password() == null ? "" : address.password())).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while retrieving " + i.sopInstanceUid(), e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("WADO-RS " + root + " answered " + response.statusCode() + " for instance "
                        + i.sopInstanceUid());
            }
            String boundary = MultipartRelated.boundary(response.headers().firstValue("Content-Type").orElse(null));
            if (boundary == null) {
                throw new IOException("WADO-RS " + root + " answered without a multipart boundary for "
                        + i.sopInstanceUid());
            }
            DicomFile[] first = new DicomFile[1];
            MultipartRelated.parse(body, boundary, (Map<String, String> headers, InputStream part) -> {
                if (first[0] == null) {
                    byte[] bytes = part.readAllBytes();
                    first[0] = Part10Reader.read(new java.io.ByteArrayInputStream(bytes), "WADO-RS " + i.sopInstanceUid(),
                            bytes.length, -1L);
                } else {
                    part.transferTo(java.io.OutputStream.nullOutputStream());
                }
            });
            if (first[0] == null) {
                throw new IOException("WADO-RS " + root + " answered no instance for " + i.sopInstanceUid());
            }
            return first[0];
        }
    }
}
