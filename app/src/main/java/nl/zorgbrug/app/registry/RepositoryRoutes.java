package nl.zorgbrug.app.registry;

import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.cxf.Bus;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.RetrieveDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.registry.source.DocumentRetrieval;

/**
 * The node's Document Repository endpoint (issue 20 part 2): ITI-43 Retrieve Document Set (ITI TF-2 §3.43) at
 * {@code /services/xds-iti43}, on IPF's component with the node's CXF bus (MTOM as IPF does it), the request checked by
 * IPF's validator (a wrong one is a Failure with its ITI TF-3 code), then answered by {@link DocumentRetrieval}.
 */
final class RepositoryRoutes extends RouteBuilder {
    static final String ITI43 = "xds-iti43";

    private final DocumentRetrieval retrieval;
    private final Bus bus;

    RepositoryRoutes(DocumentRetrieval retrieval, Bus bus) {
        this.retrieval = retrieval;
        this.bus = bus;
    }

    @Override
    public void configure() {
        getContext().addComponent(NodeBusComponents.ITI43_SCHEME, NodeBusComponents.iti43(bus));
        Processor validator = XdsCamelValidators.iti43RequestValidator();
        from(NodeBusComponents.ITI43_SCHEME + ":" + ITI43 + "?audit=false").routeId("repository-iti43").process(exchange -> {
            RetrievedDocumentSet response;
            try {
                validator.process(exchange);
                RetrieveDocumentSet request = EbXML30Converters.convert(
                        exchange.getIn().getBody(RetrieveDocumentSetRequestType.class));
                response = retrieval.retrieve(request);
            } catch (XDSMetaDataException e) {
                response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_METADATA_ERROR, ErrorCode.REPOSITORY_ERROR,
                        null);
            }
            exchange.getMessage().setBody(EbXML30Converters.convert(response));
        });
    }
}
