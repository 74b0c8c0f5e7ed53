package nl.zorgbrug.registry;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.apache.cxf.staxutils.StaxUtils;

import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ClassificationType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExternalIdentifierType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.InternationalStringType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.SlotType1;

import nl.zorgbrug.registry.service.StoredExtrinsicObjectWriter;

/** ebRIM 3.0 objects of a query's answer, taken apart for comparison in the registry's tests. */
public final class ExtrinsicObjects {
    private static final JAXBContext CONTEXT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(AdhocQueryResponse.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ExtrinsicObjects() {
    }

    /**
     * The answer as a consumer reads it: written as the node's endpoint writes it (JAXB into a StAX writer, through
     * {@link StoredExtrinsicObjectWriter}, which copies the stored ExtrinsicObjects in), then read by JAXB.
     */
    static AdhocQueryResponse onTheWire(AdhocQueryResponse response) {
        try {
            StringWriter text = new StringWriter();
            XMLStreamWriter out = StaxUtils.createXMLStreamWriter(text);
            XMLStreamWriter writer = StoredExtrinsicObjectWriter.around(out,
                    StoredExtrinsicObjectWriter.placeholders(response));
            CONTEXT.createMarshaller().marshal(response, writer);
            writer.flush();
            if (writer instanceof StoredExtrinsicObjectWriter stored) {
                org.assertj.core.api.Assertions.assertThat(stored.complete()).as("every placeholder copied").isTrue();
            }
            return (AdhocQueryResponse) CONTEXT.createUnmarshaller().unmarshal(new StringReader(text.toString()));
        } catch (JAXBException | XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<ExtrinsicObjectType> of(AdhocQueryResponse response) {
        List<ExtrinsicObjectType> found = new ArrayList<>();
        if (response.getRegistryObjectList() != null) {
            for (JAXBElement<? extends IdentifiableType> e : response.getRegistryObjectList().getIdentifiable()) {
                if (e.getValue() instanceof ExtrinsicObjectType extrinsic) {
                    found.add(extrinsic);
                }
            }
        }
        return found;
    }

    /**
     * The response as XML, with the ids of Classifications and ExternalIdentifiers taken out: IPF's writer gives
     * each a new random urn:uuid every time it writes an object (EbXMLClassification30, EbXMLRegistryObject30), so
     * they are the one part two writings of the same answer never share.
     */
    public static String xmlWithoutGeneratedIds(AdhocQueryResponse response) {
        if (response.getRegistryObjectList() != null) {
            for (JAXBElement<? extends IdentifiableType> e : response.getRegistryObjectList().getIdentifiable()) {
                if (e.getValue() instanceof RegistryObjectType object) {
                    object.getClassification().forEach(c -> c.setId(null));
                    object.getExternalIdentifier().forEach(x -> x.setId(null));
                }
            }
        }
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            StringWriter out = new StringWriter();
            marshaller.marshal(response, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Slot name to its values, in the order given. */
    static Map<String, List<String>> slots(List<SlotType1> slots) {
        Map<String, List<String>> map = new TreeMap<>();
        for (SlotType1 slot : slots) {
            map.put(slot.getName(), slot.getValueList() == null ? List.of() : List.copyOf(slot.getValueList().getValue()));
        }
        return map;
    }

    /** Each Classification as scheme (or node), node representation, name and slots, sorted; no ids. */
    static List<String> classifications(RegistryObjectType object) {
        return object.getClassification().stream().map(ExtrinsicObjects::classification).sorted().toList();
    }

    private static String classification(ClassificationType c) {
        return (c.getClassificationScheme() != null ? c.getClassificationScheme() : "node " + c.getClassificationNode())
                + " | " + c.getNodeRepresentation() + " | " + name(c.getName()) + " | " + slots(c.getSlot());
    }

    /** Each ExternalIdentifier as scheme, value and name; no ids. */
    static Map<String, String> externalIdentifiers(RegistryObjectType object) {
        return object.getExternalIdentifier().stream().collect(Collectors.toMap(
                ExternalIdentifierType::getIdentificationScheme, x -> x.getValue() + " | " + name(x.getName()),
                (a, b) -> a + " ; " + b, TreeMap::new));
    }

    static String name(InternationalStringType name) {
        return name == null ? "" : name.getLocalizedString().stream()
                .map(l -> l.getValue() + "@" + l.getLang() + "/" + l.getCharset()).collect(Collectors.joining(", "));
    }
}
