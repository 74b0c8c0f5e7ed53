package nl.zorgbrug.app.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.cxf.Bus;
import org.openehealth.ipf.commons.ihe.xds.core.audit.XdsSubmitAuditDataset;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.validate.XDSMetaDataException;
import org.openehealth.ipf.platform.camel.ihe.xds.XdsCamelValidators;
import org.openehealth.ipf.platform.camel.ihe.xds.core.converters.EbXML30Converters;
import org.openehealth.ipf.platform.camel.ihe.xds.iti41.Iti41Component;
import org.openehealth.ipf.platform.camel.ihe.xds.iti41.Iti41Service;

import nl.zorgbrug.registry.service.Registration;

/**
 * An external XDS-I.b Document Repository for the tests of RAD-68 (RAD TF-3 §4.68), built with IPF: an {@code
 * xds-iti41} consumer (on the node's servlet, as the node's own endpoints are, {@link NodeBusComponents}) that checks
 * each submission with IPF's ITI-41 validator, stores each document's bytes, gives the entries its own
 * repositoryUniqueId and registers the metadata with the registry (the node's own, called in the JVM as an ITI-42 to it
 * would) — what a Document Repository does with Provide and Register (ITI TF-2 §3.41.4.1.3). It can be made to answer
 * with a fault instead.
 */
final class ExternalRad68Repository {
    static final String PATH = "external-repository-rad68";
    static final String UNIQUE_ID = "2.16.528.1.1007.99.8.1";

    /** Document uniqueId to the bytes received. */
    final Map<String, byte[]> stored = new ConcurrentHashMap<>();
    final List<ProvideAndRegisterDocumentSet> received = new CopyOnWriteArrayList<>();
    /** What the validator said of a submission it refused. */
    final List<String> invalid = new CopyOnWriteArrayList<>();
    /** The fault the repository answers with instead of storing, or null. */
    final AtomicReference<ErrorInfo> fault = new AtomicReference<>();

    RouteBuilder routes(Bus bus, Registration registration) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                getContext().addComponent("test-xds-iti41", new Iti41Component() {
                    @Override
                    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
                        return new NodeBusComponents.OnBus<XdsSubmitAuditDataset>(uri, remaining, this, parameters,
                                Iti41Service.class, bus);
                    }
                });
                Processor validator = XdsCamelValidators.iti41RequestValidator();
                from("test-xds-iti41:" + PATH + "?audit=false").routeId("test-external-repository").process(exchange -> {
                    Response response;
                    try {
                        validator.process(exchange);
                        response = take(EbXML30Converters.convert(exchange.getIn()
                                .getBody(ProvideAndRegisterDocumentSetRequestType.class)), registration);
                    } catch (XDSMetaDataException e) {
                        invalid.add(e.getMessage());
                        response = new Response(e, ErrorCode.REPOSITORY_METADATA_ERROR, ErrorCode.REPOSITORY_ERROR,
                                null);
                    }
                    exchange.getMessage().setBody(EbXML30Converters.convert(response));
                });
            }
        };
    }

    private Response take(ProvideAndRegisterDocumentSet submission, Registration registration) throws Exception {
        received.add(submission);
        ErrorInfo now = fault.get();
        if (now != null) {
            Response refused = new Response(Status.FAILURE);
            refused.getErrors().add(now);
            return refused;
        }
        RegisterDocumentSet register = new RegisterDocumentSet();
        register.setSubmissionSet(submission.getSubmissionSet());
        for (Document d : submission.getDocuments()) {
            stored.put(d.getDocumentEntry().getUniqueId(), d.getDataHandler().getInputStream().readAllBytes());
            d.getDocumentEntry().setRepositoryUniqueId(UNIQUE_ID);
            register.getDocumentEntries().add(d.getDocumentEntry());
        }
        register.getAssociations().addAll(submission.getAssociations());
        return registration.register(register);
    }
}
