package nl.zorgbrug.app.registry;

import java.util.List;

import javax.xml.stream.XMLStreamWriter;

import org.apache.cxf.binding.soap.interceptor.SoapOutInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageContentsList;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;

import nl.zorgbrug.registry.service.StoredExtrinsicObject;
import nl.zorgbrug.registry.service.StoredExtrinsicObjectWriter;

/**
 * The ITI-18 endpoint's out interceptor that writes a LeafClass answer's stored ExtrinsicObjects
 * ({@link StoredExtrinsicObject} placeholders, StoredQueries.answer) by copying their stored XML into the answer,
 * instead of JAXB writing objects parsed from it first: the message's XMLStreamWriter is wrapped in a
 * {@link StoredExtrinsicObjectWriter} for the rest of the answer.
 * <p>
 * In the WRITE phase before the SOAP envelope is written: after the interceptors that may replace the writer
 * (StaxOutInterceptor in PRE_STREAM, SAAJ and WS-Security in PRE_PROTOCOL), before CXF's JAXB writes the body in
 * MARSHAL, and so that the envelope's end ({@code writeEndDocument}) passes the wrapper, which fails the answer if a
 * placeholder was never copied. An answer without placeholders (errors, consent refusals, ObjectRef answers) is left
 * as it is; faults take the fault chain, where this interceptor is not.
 */
final class StoredExtrinsicObjectsOut extends AbstractPhaseInterceptor<Message> {

    StoredExtrinsicObjectsOut() {
        super(Phase.WRITE);
        addBefore(SoapOutInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        List<Object> contents = MessageContentsList.getContentsList(message);
        XMLStreamWriter writer = message.getContent(XMLStreamWriter.class);
        if (contents == null || writer == null) {
            return;
        }
        for (Object part : contents) {
            if (part instanceof AdhocQueryResponse answer) {
                message.setContent(XMLStreamWriter.class,
                        StoredExtrinsicObjectWriter.around(writer, StoredExtrinsicObjectWriter.placeholders(answer)));
                return;
            }
        }
    }
}
