package nl.zorgbrug.app.registry;

import java.time.Clock;
import java.time.Instant;

import org.apache.cxf.Bus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import nl.zorgbrug.app.audit.AuditConfiguration.AuditActors;
import nl.zorgbrug.app.node.NodeProperties;
import nl.zorgbrug.audit.consent.ConsentService;
import nl.zorgbrug.audit.trail.AuditTrail;
import nl.zorgbrug.bsn.mpi.MasterPatientIndex;
import nl.zorgbrug.bsn.swap.ExportSwap;
import nl.zorgbrug.bsn.swap.MissingIssuer;
import nl.zorgbrug.bsn.swap.SwapPolicy;
import nl.zorgbrug.dicom.net.service.MoveRetriever;
import nl.zorgbrug.gateway.merge.FollowingMerges;
import nl.zorgbrug.gateway.merge.MergedPatients;
import nl.zorgbrug.registry.source.ImagingDocumentRetrieval;
import nl.zorgbrug.registry.source.ImagingRetrieval;
import nl.zorgbrug.registry.source.KosRepository;
import nl.zorgbrug.registry.source.MovePacs;
import nl.zorgbrug.registry.source.OwnPacs;
import nl.zorgbrug.registry.source.WadoRsPacs;

/**
 * The Imaging Document Source's instances (issue 20 part 2), when the node is a source
 * ({@code zorgbrug.registry.source.enabled}) with a PACS to fetch from ({@code zorgbrug.registry.source.pacs.url}, its
 * WADO-RS, or {@code zorgbrug.registry.source.pacs.node}, its address-book entry, by C-MOVE):
 * RAD-69 at {@code /services/xdsi-rad69} and WADO-RS at {@code /dicomweb/wado/studies/...}
 * ({@link ImagingWadoRsController}), both through one {@link ImagingRetrieval}: a study this node registered, consent
 * as for ITI-43, the instances from the PACS by WADO-RS or C-MOVE, the export swap of the node's export routes (the MPI following
 * merges), audited.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${zorgbrug.registry.source.enabled:false}' == 'true'"
        + " && ('${zorgbrug.registry.source.pacs.url:}' != '' || '${zorgbrug.registry.source.pacs.node:}' != '')")
class ImagingSourceConfiguration {

    @Bean
    ImagingRetrieval imagingRetrieval(ImagingSourceProperties pacs, KosRepository repository, ConsentService consent,
                                      RegistryProperties registry, SwapPolicy policy, MasterPatientIndex mpiAsStored,
                                      MergedPatients merged, NodeProperties node, AuditTrail trail,
                                      AuditActors actors, Clock clock,
                                      ObjectProvider<MoveRetriever> mover, AddressBookNodes nodes) {
        // docs/bsn-in-dicom.md: the same swap as an export route, so only a validated BSN leaves (Wabvpz).
        ExportSwap swap = new ExportSwap(policy);
        MasterPatientIndex mpi = new FollowingMerges(mpiAsStored, merged);
        MissingIssuer missing = pacs.assumeLocalIssuer() ? MissingIssuer.ASSUME_LOCAL : MissingIssuer.HOLD;
        return new ImagingRetrieval(repository, new RegistryConsent(consent, registry),
                ownPacs(pacs, mover, nodes),
                head -> swap.decide(head, mpi, Instant.now(clock), missing),
                new RegistrySourceAudit(trail, actors, registry, clock), node.dataDir().resolve("work").resolve("retrieve"),
                clock);
    }

    /**
     * The own PACS by its WADO-RS ({@code pacs.url}) or, without DICOMweb, by C-MOVE from its address-book entry
     * ({@code pacs.node}) to the node's move destination (RetrievalNodesCheck has made sure there is one).
     */
    private static OwnPacs ownPacs(ImagingSourceProperties pacs, ObjectProvider<MoveRetriever> mover,
                                   AddressBookNodes nodes) {
        if (pacs.url() != null) {
            return new WadoRsPacs(pacs.url(), pacs.user(), pacs.password());
        }
        String entry = pacs.node();
        return new MovePacs(() -> nodes.node(entry, "zorgbrug.registry.source.pacs.node"), entry, mover.getObject());
    }

    @Bean
    ImagingRoutes imagingRoutes(RegistrySourceProperties source, ImagingRetrieval retrieval,
                                @Qualifier(Bus.DEFAULT_BUS_ID) Bus bus) {
        return new ImagingRoutes(new ImagingDocumentRetrieval(source.retrieveLocationUid(), retrieval), bus);
    }
}
