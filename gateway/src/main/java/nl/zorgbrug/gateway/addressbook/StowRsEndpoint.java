package nl.zorgbrug.gateway.addressbook;

import java.util.List;

/**
 * A DICOMweb receiver: the base URL of its STOW-RS service (PS3.18 10.5), e.g.
 * {@code https://pacs.umcx.nl/dicom-web}. Credentials in the URL ({@code https://user:password@host/...})
 * become basic authentication.
 */
public record StowRsEndpoint(String url) implements Endpoint {

    @Override
    public List<String> problems() {
        if (url != null && !url.isEmpty() && !url.startsWith("https://") && !url.startsWith("http://")) {
            return List.of("stowRsUrl: an http(s) URL");
        }
        return List.of();
    }

    /** The URL to POST to: PS3.18 10.5.1 stores at {@code {base}/studies}. */
    public String studiesUrl() {
        return url.endsWith("/studies") ? url : url.replaceAll("/+$", "") + "/studies";
    }
}
