package nl.zorgbrug.app.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetResponseType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveSeries;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveStudy;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocument;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.dicom.encoding.TransferSyntax;
import nl.zorgbrug.dicom.io.DicomFile;
import nl.zorgbrug.dicom.io.Part10Reader;
import nl.zorgbrug.registry.consumer.ManifestInstances;
import nl.zorgbrug.registry.consumer.RepositoryAddress;
import nl.zorgbrug.registry.consumer.StudyImport;

/**
 * The instances by RAD-69 Retrieve Imaging Document Set (RAD TF-3 §4.69) with IPF's own {@code xdsi-rad69} producer,
 * at the RAD-69 endpoint the repository's address gives (part 6). One instance a request: the study, its series and
 * the SOP Instance UID as DocumentUniqueId with the KOS's Retrieve Location UID (0040,E011) as RepositoryUniqueId
 * (§4.69.4.1.2), Explicit VR Little Endian asked for (§4.69.4.1.2.2: the source may answer in another syntax it
 * names). A refusal (no consent at the source, a study it did not register) is an error with the source's codes.
 */
final class IpfRad69Source implements StudyImport.InstanceSource {
    private final ProducerTemplate producer;
    private final Function<String, RepositoryAddress> addresses;
    private final boolean trustStore;

    IpfRad69Source(CamelContext camel, Function<String, RepositoryAddress> addresses, boolean trustStore) {
        this.producer = camel.createProducerTemplate();
        this.addresses = addresses;
        this.trustStore = trustStore;
    }

    @Override
    public DicomFile fetch(String repositoryUniqueId, ManifestInstances.Instance i) throws IOException {
        RepositoryAddress address = addresses.apply(repositoryUniqueId);
        if (address == null || address.rad69Url() == null || address.rad69Url().isBlank()) {
            throw new IOException("no RAD-69 endpoint is known for repository " + repositoryUniqueId
                    + " (zorgbrug.registry.consumer.repositories[].rad69-url)");
        }
        String location = i.retrieveLocationUid() == null ? repositoryUniqueId : i.retrieveLocationUid();
        RetrieveImagingDocumentSet request = new RetrieveImagingDocumentSet();
        request.getRetrieveStudies().add(new RetrieveStudy(i.studyInstanceUid(), new ArrayList<>(List.of(
                new RetrieveSeries(i.seriesInstanceUid(), new ArrayList<>(List.of(new DocumentReference(location,
                        i.sopInstanceUid(), address.homeCommunityId()))))))));
        request.getTransferSyntaxIds().add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        RetrievedDocumentSet answer;
        try {
            answer = EbXML30Converters.convert(producer.requestBody(uri(address), EbXML30Converters.convert(request),
                    RetrieveDocumentSetResponseType.class));
        } catch (RuntimeException e) {
            throw new IOException("RAD-69 to " + address.rad69Url() + " got no answer: " + IpfEndpoint.noAnswer(e), e);
        }
        RetrievedDocument document = answer.getDocuments().stream().filter(d -> d.getRequestData() != null
                && i.sopInstanceUid().equals(d.getRequestData().getDocumentUniqueId())).findFirst().orElse(null);
        if (answer.getStatus() == Status.FAILURE || document == null) {
            throw new IOException("the source at " + address.rad69Url() + " did not give instance "
                    + i.sopInstanceUid() + ": " + IpfEndpoint.refusal(answer));
        }
        byte[] bytes;
        try (InputStream in = document.getDataHandler().getInputStream()) {
            bytes = in.readAllBytes();
        }
        return Part10Reader.read(new ByteArrayInputStream(bytes), "RAD-69 " + i.sopInstanceUid(), bytes.length, -1L);
    }

    private String uri(RepositoryAddress address) {
        return IpfEndpoint.uri("xdsi-rad69", address.rad69Url(), trustStore ? IpfIti18Client.TLS_BEAN : null,
                address.user(), address.password());
    }
}
