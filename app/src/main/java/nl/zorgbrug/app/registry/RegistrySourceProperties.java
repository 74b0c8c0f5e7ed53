package nl.zorgbrug.app.registry;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.springframework.boot.context.properties.ConfigurationProperties;

import nl.zorgbrug.app.node.ConfigurationError;
import nl.zorgbrug.gateway.addressbook.ChannelAddressBook;
import nl.zorgbrug.gateway.addressbook.Institution;
import nl.zorgbrug.registry.source.KosSubmission;
import nl.zorgbrug.registry.source.RegistryEndpoint;

/**
 * The node as Imaging Document Source / Repository (issue 20 part 2; docs/availability.md): off unless
 * {@code enabled}. Then the route whose destination is {@code destination} registers each study it takes from the own
 * PACS, as a job of channel REGISTRY: with the registry at {@code url} (ITI-42; the node keeps the KOS and report and
 * serves them, an integrated source/repository), or with {@code transaction: RAD-68} by providing them to the external
 * repository at {@code url} (RAD TF-3 §4.68), which keeps them and registers them with its registry.
 *
 * @param transaction         ITI-42 (default) or RAD-68: how the KOS and report leave the node

 * @param destination         the address-book key the registration route names (default "registry")
 * @param url                 the registry's ITI-42 endpoint, or with RAD-68 the external repository's (its ITI-41
 *                            Provide and Register endpoint)
 * @param user                HTTP Basic user at the registry (none: no credentials sent)
 * @param trustStore          PKCS#12 trust store for the registry's HTTPS certificate (none: the JVM's)
 * @param sourceId            the SubmissionSet's sourceId: this source's OID
 * @param repositoryUniqueId  this node's repositoryUniqueId (it serves the KOS)
 * @param retrieveLocationUid the Retrieve Location UID in each series of the KOS (default: repositoryUniqueId; RAD
 *                            TF-3 §4.68.4.1.2.1)
 * @param homeCommunityId     {@code urn:oid:...} of the community, stored for XCA-I later (optional)
 * @param zone                the zone of the PACS's study dates and times (default Europe/Amsterdam)
 * @param reportClassCode     the classCode of the study's report (default REPORTS, beside classCode's IMAGES)
 */
@ConfigurationProperties("zorgbrug.registry.source")
public record RegistrySourceProperties(boolean enabled, String transaction, String destination, String url, String user, String password,
                                       Path trustStore, String trustStorePassword, String sourceId,
                                       String repositoryUniqueId, String retrieveLocationUid, String homeCommunityId,
                                       String institution, String institutionOid, ZoneId zone, Code classCode,
                                       Code confidentialityCode, Code healthcareFacilityTypeCode,
                                       Code practiceSettingCode, Code reportClassCode) {
    private static final String PREFIX = "zorgbrug.registry.source.";

    /** How the source hands a study's KOS and report over (RAD TF-1 §18.1, Imaging Document Source). */
    public enum Transaction {
        /** ITI-42 Register Document Set-b: the node is the repository of its KOS and report (ITI-43 serves them). */
        ITI_42("ITI-42"),
        /** RAD-68 Provide and Register Imaging Document Set to an external repository (IPF's xds-iti41). */
        RAD_68("RAD-68");

        private final String spelled;

        Transaction(String spelled) {
            this.spelled = spelled;
        }

        /** As the IHE Technical Frameworks spell it, the value of {@code zorgbrug.registry.source.transaction}. */
        public String spelled() {
            return spelled;
        }

        static Transaction parse(String value) {
            for (Transaction t : values()) {
                if (t.spelled.equalsIgnoreCase(value.strip()) || t.name().equalsIgnoreCase(value.strip())) {
                    return t;
                }
            }
            throw new ConfigurationError(PREFIX + "transaction", value, "ITI-42 (register with the registry at url;"
                    + " this node keeps and serves the KOS and report) or RAD-68 (provide them to the external"
                    + " repository at url); docs/availability.md, \"Configuration (source role)\"");
        }
    }

    /** A code of the XDS affinity domain (ITI TF-3 §4.2.3.1.2): value, coding scheme (OID), display name. */
    public record Code(String code, String scheme, String display) {
        org.openehealth.ipf.commons.ihe.xds.core.metadata.Code xds() {
            return new org.openehealth.ipf.commons.ihe.xds.core.metadata.Code(code, new LocalizedString(display), scheme);
        }
    }

    public RegistrySourceProperties {
        transaction = transaction == null || transaction.isBlank() ? Transaction.ITI_42.spelled()
                : Transaction.parse(transaction).spelled();
        destination = destination == null || destination.isBlank() ? "registry" : destination.strip();
        zone = zone == null ? ZoneId.of("Europe/Amsterdam") : zone;
        retrieveLocationUid = retrieveLocationUid == null || retrieveLocationUid.isBlank() ? repositoryUniqueId
                : retrieveLocationUid;
        // Defaults of the affinity domain's value sets; a region that agreed on others sets them.
        classCode = classCode == null ? new Code("IMAGES", "2.16.840.1.113883.2.4.3.11.60.40.4.4", "Beelden") : classCode;
        reportClassCode = reportClassCode == null ? new Code(KosSubmission.REPORTS.getCode(),
                KosSubmission.REPORTS.getSchemeName(), KosSubmission.REPORTS.getDisplayName().getValue())
                : reportClassCode;
        confidentialityCode = confidentialityCode == null ? new Code("N", "2.16.840.1.113883.5.25", "normal")
                : confidentialityCode;
        healthcareFacilityTypeCode = healthcareFacilityTypeCode == null
                ? new Code("Z3", "2.16.840.1.113883.2.4.15.1060", "Ziekenhuis") : healthcareFacilityTypeCode;
        practiceSettingCode = practiceSettingCode == null ? new Code("0362", "2.16.840.1.113883.2.4.6.7", "Radiologie")
                : practiceSettingCode;
        if (enabled) {
            for (String[] required : List.of(new String[] {"url", url}, new String[] {"source-id", sourceId},
                    new String[] {"repository-unique-id", repositoryUniqueId}, new String[] {"institution", institution},
                    new String[] {"institution-oid", institutionOid})) {
                if (required[1] == null || required[1].isBlank()) {
                    throw new ConfigurationError(PREFIX + required[0], required[1], "set when " + PREFIX
                            + "enabled is true" + ("url".equals(required[0]) ? ": " + endpointNamed(transaction) : "")
                            + " (docs/availability.md, \"Configuration (source role)\")");
                }
            }
            // The fields are not assigned yet in a compact constructor: the endpoint from the parameter.
            List<String> problems = new RegistryEndpoint(url.strip()).problems();
            if (!problems.isEmpty()) {
                throw new ConfigurationError(PREFIX + "url", url, String.join("; ", problems) + "; it names "
                        + endpointNamed(transaction));
            }
        }
    }

    /** What {@code url} names with {@code transaction}, for the messages that ask for it. */
    private static String endpointNamed(String transaction) {
        return Transaction.parse(transaction) == Transaction.RAD_68
                ? "the external repository's RAD-68 endpoint (its ITI-41 Provide and Register Document Set-b URL)"
                : "the registry's ITI-42 endpoint";
    }

    Transaction submission() {
        return Transaction.parse(transaction);
    }

    RegistryEndpoint endpoint() {
        return new RegistryEndpoint(url == null ? null : url.strip());
    }

    /** The registry's destination in the address book: the registration route names it. */
    ChannelAddressBook.Channel channel() {
        return new ChannelAddressBook.Channel(new Institution(destination, submission() == Transaction.RAD_68
                ? "XDS-I.b repository (RAD-68)" : "XDS registry (ITI-42)", null, null, null,
                List.of(endpoint()), null, null), PREFIX + "destination");
    }

    KosSubmission.Source source() {
        return new KosSubmission.Source(sourceId, repositoryUniqueId, homeCommunityId, institution, institutionOid, zone,
                classCode.xds(), confidentialityCode.xds(), healthcareFacilityTypeCode.xds(), practiceSettingCode.xds());
    }
}
