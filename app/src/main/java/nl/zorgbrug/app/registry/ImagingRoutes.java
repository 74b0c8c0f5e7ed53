package nl.zorgbrug.app.registry;

import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.cxf.Bus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveImagingDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.RetrievedDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.xdsi.RetrieveImagingDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.registry.source.ImagingDocumentRetrieval;

/**
 * The Imaging Document Source's RAD-69 Retrieve Imaging Document Set (RAD TF-3 §4.69) at {@code /services/xdsi-rad69},
 * on IPF's {@code xdsi-rad69} component with the node's CXF bus (MTOM as IPF does it), the request checked by IPF's
 * validator (a wrong one is a Failure with its ITI TF-3 code), then answered by {@link ImagingDocumentRetrieval}.
 */
final class ImagingRoutes extends RouteBuilder {
    static final String RAD69 = "xdsi-rad69";

    private final ImagingDocumentRetrieval retrieval;
    private final Bus bus;

    ImagingRoutes(ImagingDocumentRetrieval retrieval, Bus bus) {
        this.retrieval = retrieval;
        this.bus = bus;
    }

    @Override
    public void configure() {
        getContext().addComponent(NodeBusComponents.RAD69_SCHEME, NodeBusComponents.rad69(bus));
        Processor validator = XdsCamelValidators.rad69RequestValidator();
        from(NodeBusComponents.RAD69_SCHEME + ":" + RAD69 + "?audit=false").routeId("source-rad69").process(exchange -> {
            RetrievedDocumentSet response;
            try {
                validator.process(exchange);
                RetrieveImagingDocumentSet request = EbXML30Converters.convert(
                        exchange.getIn().getBody(RetrieveImagingDocumentSetRequestType.class));
                response = retrieval.retrieve(request);
            } catch (XDSMetaDataException e) {
                response = new RetrievedDocumentSet(e, ErrorCode.REPOSITORY_METADATA_ERROR, ErrorCode.REPOSITORY_ERROR,
                        null);
            }
            exchange.getMessage().setBody(EbXML30Converters.convert(response));
        });
    }
}
