package nl.zorgbrug.registry.source;

import java.io.IOException;

import jakarta.activation.DataHandler;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

import nl.zorgbrug.registry.source.KosRepository.KeptKos;

/**
 * RAD-68 Provide and Register Imaging Document Set (RAD TF-3 §4.68) to an external Document Repository: the kept
 * submission with its documents attached (MTOM/XOP) — the KOS (mimeType {@code application/dicom}, formatCode
 * 1.2.840.10008.5.1.4.1.1.88.59, RAD TF-3 Table 4.68.4.1.2.3-1) and each report registered beside it, each a Document
 * of its own in the same SubmissionSet. The repository stores them and registers the metadata with its registry (ITI
 * TF-2 §3.41.4.1.3), so the instances stay with the own PACS (RAD-69 and WADO-RS by this node, as the KOS's Retrieve
 * Location UID says) while the KOS and report are served by the repository.
 *
 * <p>repositoryUniqueId is left to the repository: ITI TF-3 Table 4.3.1-3 makes it optional for the sender of ITI-41,
 * and the Document Repository gives each entry its own when it registers it. The node's own would send consumers to a
 * repository that does not hold the document. The hash and size stay: the repository checks them against the bytes it
 * got (ITI TF-2 §3.41.4.1.3).
 */
public final class Rad68Submitter implements KosSubmitter {
    private final Rad68Client client;
    private final KosRepository repository;

    /** @param repository where the KOS's reports are kept (their bytes go with the KOS) */
    public Rad68Submitter(Rad68Client client, KosRepository repository) {
        this.client = client;
        this.repository = repository;
    }

    @Override
    public String transaction() {
        return "RAD-68";
    }

    @Override
    public Response submit(RegistryEndpoint to, RegisterDocumentSet request, KeptKos kos) throws IOException {
        return client.provideAndRegister(to, provide(request, kos));
    }

    /**
     * The kept ITI-42 request as RAD-68: the same SubmissionSet, entries (without repositoryUniqueId) and associations
     * (HasMember, RPLC), each entry with its document.
     *
     * @throws IllegalStateException an entry of the request whose document is not kept here (a kept submission names
     *                               only the KOS and reports kept with it)
     */
    ProvideAndRegisterDocumentSet provide(RegisterDocumentSet request, KeptKos kos) {
        ProvideAndRegisterDocumentSet out = new ProvideAndRegisterDocumentSet();
        out.setSubmissionSet(request.getSubmissionSet());
        for (DocumentEntry entry : request.getDocumentEntries()) {
            entry.setRepositoryUniqueId(null);
            out.getDocuments().add(new Document(entry, new DataHandler(bytes(entry, kos))));
        }
        out.getAssociations().addAll(request.getAssociations());
        return out;
    }

    private DocumentRetrieval.Bytes bytes(DocumentEntry entry, KeptKos kos) {
        if (entry.getUniqueId().equals(kos.documentUniqueId())) {
            return new DocumentRetrieval.Bytes(kos.kos(), entry.getMimeType(), "kos.dcm");
        }
        KosRepository.KeptReport report = repository.findReport(entry.getUniqueId())
                .filter(r -> r.kosUniqueId().equals(kos.documentUniqueId()))
                .orElseThrow(() -> new IllegalStateException("DOCUMENT_NOT_KEPT: the submission of KOS "
                        + kos.documentUniqueId() + " names document " + entry.getUniqueId() + ", which the node's"
                        + " repository does not keep with that KOS, so RAD-68 cannot send its bytes; the kept"
                        + " submission is inconsistent with xds_repository_report: cancel the job and have the PACS"
                        + " send the study again"));
        return new DocumentRetrieval.Bytes(report.bytes(), report.mimeType(), "report");
    }
}
