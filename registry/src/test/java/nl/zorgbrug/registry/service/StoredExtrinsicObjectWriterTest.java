package nl.zorgbrug.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.Marshaller;

import org.apache.cxf.staxutils.StaxUtils;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryObjectListType;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import nl.zorgbrug.bsn.Bsn;
import nl.zorgbrug.registry.TestSubmissions;
import nl.zorgbrug.registry.TestSubmissions.Study;
import nl.zorgbrug.registry.model.EbRim;
import nl.zorgbrug.registry.store.StoredEntry;

/**
 * The stored ExtrinsicObject copied into an answer as StAX events is the object JAXB reads from the stored text, with
 * the current status: every element, attribute (xml:lang too) and text, whatever the answer binds its prefixes to.
 */
class StoredExtrinsicObjectWriterTest {
    private static final JAXBContext JAXB = context();
    private static final String DEPRECATED = "urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated";

    private final Random random = new Random(18);
    private final Bsn bsn = TestSubmissions.bsn(random);

    @Test
    void anAnswerWrittenThroughTheWriterHoldsTheStoredExtrinsicObjectsWithTheirCurrentStatus() throws Exception {
        StoredEntry ct = stored("CT", AvailabilityStatus.DEPRECATED);
        StoredEntry mr = stored("MR", AvailabilityStatus.APPROVED);
        AdhocQueryResponse answer = answer(ct, mr);

        AdhocQueryResponse read = (AdhocQueryResponse) JAXB.createUnmarshaller()
                .unmarshal(new StringReader(write(answer, StoredExtrinsicObjectWriter.placeholders(answer))));

        List<ExtrinsicObjectType> objects = read.getRegistryObjectList().getIdentifiable().stream()
                .map(JAXBElement::getValue).map(ExtrinsicObjectType.class::cast).toList();
        assertThat(objects).hasSize(2);
        assertThat(xml(objects.get(0))).isEqualTo(xml(expected(ct, DEPRECATED)));
        assertThat(xml(objects.get(1))).isEqualTo(xml(expected(mr, null)));
        assertThat(objects.get(0).getName().getLocalizedString().get(0).getValue())
                .isEqualTo("Röntgen & <CT> \"thorax\" ' ]]>");
    }

    /**
     * Copied where the answer binds no ebRIM prefix, its default namespace is another one and the stored prefix of
     * the ExtrinsicObject means something else: the copy declares what it needs, and reads as the stored object.
     */
    @Test
    void theCopyDeclaresTheNamespacesTheAnswerDoesNotBind() throws Exception {
        StoredEntry entry = stored("US", AvailabilityStatus.APPROVED);
        String storedPrefix = prefixOfExtrinsicObject(entry.ebRim());
        StringWriter text = new StringWriter();
        XMLStreamWriter out = StaxUtils.createXMLStreamWriter(text);
        out.writeStartElement("", "answer", "urn:example:other");
        out.writeDefaultNamespace("urn:example:other");
        if (!storedPrefix.isEmpty()) {
            out.writeNamespace(storedPrefix, "urn:example:taken");
        }
        ExtrinsicObjectCopy.copy(entry.ebRim(), AvailabilityStatus.toQueryOpcode(entry.status()), out);
        out.writeEndElement();
        out.flush();

        DocumentBuilderFactory dom = DocumentBuilderFactory.newDefaultInstance();
        dom.setNamespaceAware(true);
        Document document = dom.newDocumentBuilder().parse(new InputSource(new StringReader(text.toString())));
        ExtrinsicObjectType copied = JAXB.createUnmarshaller()
                .unmarshal(document.getDocumentElement().getFirstChild(), ExtrinsicObjectType.class).getValue();
        assertThat(xml(copied)).isEqualTo(xml(expected(entry, null)));
    }

    @Test
    void aPlaceholderWrittenOutOfOrderFailsTheAnswerInsteadOfShowingAnotherEntry() {
        StoredEntry ct = stored("CT", AvailabilityStatus.APPROVED);
        StoredEntry mr = stored("MR", AvailabilityStatus.APPROVED);
        AdhocQueryResponse answer = answer(ct, mr);
        List<StoredExtrinsicObject> reversed = new ArrayList<>(StoredExtrinsicObjectWriter.placeholders(answer));
        Collections.reverse(reversed);

        assertThatThrownBy(() -> write(answer, reversed)).hasStackTraceContaining("not in the order they are written");
    }

    @Test
    void anAnswerWithoutPlaceholdersIsWrittenAsItIs() throws Exception {
        AdhocQueryResponse answer = new AdhocQueryResponse();
        answer.setStatus("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success");
        StringWriter text = new StringWriter();
        XMLStreamWriter out = StaxUtils.createXMLStreamWriter(text);
        assertThat(StoredExtrinsicObjectWriter.around(out, StoredExtrinsicObjectWriter.placeholders(answer)))
                .isSameAs(out);
    }

    private StoredEntry stored(String modality, AvailabilityStatus status) {
        RegisterDocumentSet request = TestSubmissions.kos(bsn, Study.random(random, modality), random);
        request.getDocumentEntries().get(0).setTitle(new LocalizedString("Röntgen & <CT> \"thorax\" ' ]]>", "nl-NL",
                "UTF-8"));
        // Each its own id, as the registry gives them (the test submissions' symbolic ids are all the same).
        request.getDocumentEntries().get(0).setEntryUuid("urn:uuid:" + new UUID(random.nextLong(), random.nextLong()));
        String ebRim = EbRim.write(request);
        String id = EbRim.extrinsicObject(ebRim).getId();
        return new StoredEntry(id, id, bsn, status, DocumentEntryType.STABLE, ebRim);
    }

    private static AdhocQueryResponse answer(StoredEntry... entries) {
        AdhocQueryResponse answer = new AdhocQueryResponse();
        answer.setStatus("urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success");
        answer.setRegistryObjectList(new RegistryObjectListType());
        for (StoredEntry entry : entries) {
            answer.getRegistryObjectList().getIdentifiable()
                    .add(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(new StoredExtrinsicObject(entry)));
        }
        return answer;
    }

    /** As CXF writes a body: JAXB into the message's StAX writer (Woodstox), here wrapped. */
    private static String write(AdhocQueryResponse answer, List<StoredExtrinsicObject> placeholders) throws Exception {
        StringWriter text = new StringWriter();
        XMLStreamWriter out = StoredExtrinsicObjectWriter.around(StaxUtils.createXMLStreamWriter(text), placeholders);
        JAXB.createMarshaller().marshal(answer, out);
        out.flush();
        assertThat(((StoredExtrinsicObjectWriter) out).complete()).isTrue();
        return text.toString();
    }

    /** What JAXB reads of the stored text, with the status given (null: as stored). */
    private static ExtrinsicObjectType expected(StoredEntry entry, String status) {
        ExtrinsicObjectType expected = EbRim.extrinsicObject(entry.ebRim());
        if (status != null) {
            expected.setStatus(status);
        }
        return expected;
    }

    private static String xml(ExtrinsicObjectType object) throws Exception {
        Marshaller marshaller = JAXB.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
        StringWriter out = new StringWriter();
        marshaller.marshal(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(object), out);
        return out.toString();
    }

    private static String prefixOfExtrinsicObject(String ebRim) throws Exception {
        XMLStreamReader in = StaxUtils.createXMLStreamReader(new StringReader(ebRim));
        while (in.hasNext()) {
            if (in.next() == XMLStreamConstants.START_ELEMENT
                    && new QName(ExtrinsicObjectCopy.RIM, "ExtrinsicObject").equals(in.getName())) {
                return in.getPrefix() == null ? "" : in.getPrefix();
            }
        }
        throw new IllegalStateException("no ExtrinsicObject in " + ebRim);
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(AdhocQueryResponse.class);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
