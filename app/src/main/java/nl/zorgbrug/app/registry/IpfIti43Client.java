package nl.zorgbrug.app.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.registry.consumer.RepositoryAddress;
import nl.zorgbrug.registry.consumer.StudyImport;

/**
 * ITI-43 Retrieve Document Set (ITI TF-2 §3.43) with IPF's own {@code xds-iti43} producer to the repository the
 * index names, at the address {@code zorgbrug.registry.consumer.repositories} gives it (part 6), with the consumer's
 * trust store. A refusal (NO_CONSENT at the source, an unknown document) is an error with the repository's codes.
 */
final class IpfIti43Client implements StudyImport.Iti43 {
    private final ProducerTemplate producer;
    private final Function<String, RepositoryAddress> addresses;
    private final boolean trustStore;

    IpfIti43Client(CamelContext camel, Function<String, RepositoryAddress> addresses, boolean trustStore) {
        this.producer = camel.createProducerTemplate();
        this.addresses = addresses;
        this.trustStore = trustStore;
    }

    @Override
    public byte[] retrieve(String repositoryUniqueId, String homeCommunityId, String documentUniqueId)
            throws IOException {
        RepositoryAddress address = addresses.apply(repositoryUniqueId);
        if (address == null) {
            throw new IOException("repository " + repositoryUniqueId + " is not in the address book"
                    + " (zorgbrug.registry.consumer.repositories): where its documents are retrieved is not known");
        }
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        request.getDocuments().add(new DocumentReference(repositoryUniqueId, documentUniqueId, homeCommunityId));
        RetrievedDocumentSet answer;
        try {
            answer = EbXML30Converters.convert(producer.requestBody(uri(address), EbXML30Converters.convert(request),
                    RetrieveDocumentSetResponseType.class));
        } catch (RuntimeException e) {
            throw new IOException("ITI-43 to " + address.iti43Url() + " got no answer: " + IpfEndpoint.noAnswer(e), e);
        }
        if (answer.getStatus() != Status.SUCCESS || answer.getDocuments().isEmpty()) {
            throw new IOException("the repository at " + address.iti43Url() + " did not give document "
                    + documentUniqueId + ": " + IpfEndpoint.refusal(answer));
        }
        RetrievedDocument document = answer.getDocuments().get(0);
        try (InputStream in = document.getDataHandler().getInputStream()) {
            return in.readAllBytes();
        }
    }

    private String uri(RepositoryAddress address) {
        return IpfEndpoint.uri("xds-iti43", address.iti43Url(), trustStore ? IpfIti18Client.TLS_BEAN : null,
                address.user(), address.password());
    }
}
