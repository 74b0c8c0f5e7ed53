package nl.zorgbrug.app.registry;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.cxf.Bus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;

import nl.zorgbrug.registry.service.Registration;
import nl.zorgbrug.registry.service.RegistryEvents;
import nl.zorgbrug.registry.service.StoredQueries;

/**
 * The registry's SOAP endpoints on IPF (ITI TF-2 §3.42, §3.18): ebRIM checked by IPF's validators (a wrong one is
 * a RegistryResponse Failure with its ITI TF-3 code, and audited), then handed to the registry. IPF's own ATNA
 * auditing is off: the node's audit trail records each request and exports it as ATNA.
 */
final class RegistryRoutes extends RouteBuilder {
    static final String ITI42 = "xds-iti42";
    static final String ITI18 = "xds-iti18";

    private final Registration registration;
    private final StoredQueries queries;
    private final RegistryEvents events;
    private final Bus bus;

    RegistryRoutes(Registration registration, StoredQueries queries, RegistryEvents events, Bus bus) {
        this.bus = bus;
        this.registration = registration;
        this.queries = queries;
        this.events = events;
    }

    @Override
    public void configure() {
        // On the node's own CXF bus, the one its servlet at /services serves (NodeBusComponents says why).
        getContext().addComponent(NodeBusComponents.ITI42_SCHEME, NodeBusComponents.iti42(bus));
        getContext().addComponent(NodeBusComponents.ITI18_SCHEME, NodeBusComponents.iti18(bus));
        Processor iti42Validator = XdsCamelValidators.iti42RequestValidator();
        Processor iti18Validator = XdsCamelValidators.iti18RequestValidator();
        from(NodeBusComponents.ITI42_SCHEME + ":" + ITI42 + "?audit=false").routeId("registry-iti42").process(exchange -> {
            Response response;
            try {
                iti42Validator.process(exchange);
                RegisterDocumentSet request = EbXML30Converters.convert(exchange.getIn().getBody(SubmitObjectsRequest.class));
                response = registration.register(request);
            } catch (XDSMetaDataException e) {
                response = new Response(e, ErrorCode.REGISTRY_METADATA_ERROR, ErrorCode.REGISTRY_ERROR, null);
                events.registered(null, null, java.util.List.of(), RegistryEvents.Outcome.REJECTED,
                        response.getErrors().stream().map(i -> i.getErrorCode().getOpcode()).toList());
            }
            answer(exchange, EbXML30Converters.convert(response));
        });
        from(NodeBusComponents.ITI18_SCHEME + ":" + ITI18 + "?audit=false").routeId("registry-iti18").process(exchange -> {
            AdhocQueryResponse response;
            try {
                iti18Validator.process(exchange);
                QueryRegistry request = EbXML30Converters.convert(exchange.getIn().getBody(AdhocQueryRequest.class));
                // ebXML as the registry writes it: a LeafClass answer's ExtrinsicObjects are placeholders for the
                // stored ones, which the service's StoredExtrinsicObjectsOut copies onto the wire (StoredQueries.answer).
                response = queries.answer(request);
            } catch (XDSMetaDataException e) {
                QueryResponse invalid = new QueryResponse(e, ErrorCode.REGISTRY_METADATA_ERROR, ErrorCode.REGISTRY_ERROR,
                        null);
                events.queried("(invalid)", null, 0, RegistryEvents.Outcome.REJECTED,
                        invalid.getErrors().stream().map(i -> i.getErrorCode().getOpcode()).toList());
                response = EbXML30Converters.convert(invalid);
            }
            answer(exchange, response);
        });
    }

    private static void answer(Exchange exchange, Object body) {
        exchange.getMessage().setBody(body);
    }
}
