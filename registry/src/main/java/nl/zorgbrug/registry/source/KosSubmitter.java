package nl.zorgbrug.registry.source;

import java.io.IOException;

import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

import nl.zorgbrug.registry.source.KosRepository.KeptKos;

/**
 * How a kept KOS submission leaves the node (RAD TF-1 §18, Imaging Document Source): registered by ITI-42 when the node
 * is an integrated source/repository that keeps and serves the KOS and report itself, or provided with its documents to
 * an external repository by RAD-68 ({@link Rad68Submitter}). Either way the kept request is the same: what the
 * {@link KosRegistrar} decides (made once, resent unchanged, held or retried) does not depend on which.
 */
public interface KosSubmitter {

    /** The transaction's name as the IHE Technical Framework spells it, for the job's history and the audit. */
    String transaction();

    /**
     * @param to      the registry's ITI-42 or the repository's RAD-68 endpoint
     * @param request the kept submission (its DocumentEntries: the KOS and the reports registered beside it)
     * @param kos     the kept KOS the request was made for (its bytes for RAD-68)
     * @throws IOException no answer came; the same request is sent again
     */
    Response submit(RegistryEndpoint to, RegisterDocumentSet request, KeptKos kos) throws IOException;

    /** ITI-42 Register Document Set-b: the node keeps the documents and serves them by ITI-43. */
    static KosSubmitter iti42(Iti42Client client) {
        return new KosSubmitter() {
            @Override
            public String transaction() {
                return "ITI-42";
            }

            @Override
            public Response submit(RegistryEndpoint to, RegisterDocumentSet request, KeptKos kos) throws IOException {
                return client.register(to, request);
            }
        };
    }
}
