package nl.zorgbrug.app.registry;

import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.node.ConfigurationError;

/**
 * The own PACS from which the node, as Imaging Document Source (issue 20 part 2; docs/availability.md), fetches the
 * instances a consumer retrieves by RAD-69 or WADO-RS: by its WADO-RS ({@code url}) or, for a PACS without DICOMweb, by
 * C-MOVE from its address-book entry ({@code node}) to the node's move destination. Without either the node registers
 * and serves the KOS and the report (ITI-43), but no instances.
 *
 * @param url                the PACS's DICOMweb WADO-RS base, e.g. {@code http://127.0.0.1:8042/dicom-web}
 * @param user               HTTP Basic user at the PACS (none: no credentials sent)
 * @param assumeLocalIssuer  take a Patient ID without issuer from this PACS as a local number of
 *                           {@code zorgbrug.gateway.local-issuer} (as an export route's assume-local-issuer-from)
 * @param node               the address-book key of the PACS's DICOM node, asked by C-MOVE (instead of {@code url})
 */
@ConfigurationProperties("zorgbrug.registry.source.pacs")
public record ImagingSourceProperties(String url, String user, String password, boolean assumeLocalIssuer,
                                      String node) {
    public ImagingSourceProperties {
        url = url == null || url.isBlank() ? null : url.strip();
        node = node == null || node.isBlank() ? null : node.strip();
        if (url != null && node != null) {
            throw new ConfigurationError("zorgbrug.registry.source.pacs.node", node, "unset when"
                    + " zorgbrug.registry.source.pacs.url is set: the instances come either by WADO-RS from url or by"
                    + " C-MOVE from the address-book entry node, not both");
        }
    }
}
