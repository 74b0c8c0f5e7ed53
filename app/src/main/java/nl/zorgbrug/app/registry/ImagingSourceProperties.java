package nl.zorgbrug.app.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The own PACS from which the node, as Imaging Document Source (issue 20 part 2; docs/availability.md), fetches the
 * instances a consumer retrieves by RAD-69 or WADO-RS. Without {@code url} the node registers and serves the KOS and
 * the report (ITI-43), but no instances.
 *
 * @param url                the PACS's DICOMweb WADO-RS base, e.g. {@code http://127.0.0.1:8042/dicom-web}
 * @param user               HTTP Basic user at the PACS (none: no credentials sent)
 * @param assumeLocalIssuer  take a Patient ID without issuer from this PACS as a local number of
 *                           {@code zorgbrug.gateway.local-issuer} (as an export route's assume-local-issuer-from)
 */
@ConfigurationProperties("zorgbrug.registry.source.pacs")
public record ImagingSourceProperties(String url, String user, String password, boolean assumeLocalIssuer) {
}
