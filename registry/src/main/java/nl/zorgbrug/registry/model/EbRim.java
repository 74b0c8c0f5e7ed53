package nl.zorgbrug.registry.model;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;

import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.lcm.SubmitObjectsRequest;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The full metadata of each registry object as ebRIM 3.0 XML (ITI TF-3 §4.2.3): what the registry keeps beside
 * its index columns, and what a stored query gives back, so nothing a source sent is lost even where no column
 * holds it. Each object is kept as a SubmitObjectsRequest holding only that object, written and read with IPF's
 * transformers, the same that read it off the wire.
 */
public final class EbRim {
    private static final RegisterDocumentSetTransformer TRANSFORMER = new RegisterDocumentSetTransformer(new EbXMLFactory30());
    private static final JAXBContext CONTEXT;
    /** IPF's own XML form of its model: no generated ids, so the same request always reads the same. */
    private static final JAXBContext MODEL;
    /**
     * The parser of every stored text, made once. An Unmarshaller given only a Reader makes its own SAXParserFactory
     * with SAXParserFactory.newInstance(), whose service lookup walks every jar of the node's class path (the Spring
     * Boot jar nests over 300): in the registry benchmark of issue 20 that lookup was a third of the node's CPU, once
     * per DocumentEntry an ITI-18 answer holds (docs/benchmarks.md, "The image index (issue 20)"). The JDK's own
     * parser, namespace aware as JAXB needs, no DOCTYPE (the texts are the node's own; nothing else is accepted). One
     * factory per thread: JAXP does not promise that a factory may be used by several threads at once.
     */
    private static final ThreadLocal<SAXParserFactory> PARSERS = ThreadLocal.withInitial(EbRim::parsers);
    /**
     * A parser and an unmarshaller per thread, made once and used for every text the thread reads: an ITI-18 answer
     * reads one text per DocumentEntry, and making a SAX parser (its symbol tables, its configuration) and an
     * Unmarshaller anew for each showed in the node's profile (docs/benchmarks.md, "The answer without IPF's
     * model"). Neither may be used by two threads at once; one thread uses them one text after the other.
     */
    private static final ThreadLocal<Reading> READING = ThreadLocal.withInitial(EbRim::reading);

    private record Reading(XMLReader reader, Unmarshaller unmarshaller) {
    }

    static {
        try {
            CONTEXT = JAXBContext.newInstance(SubmitObjectsRequest.class);
            MODEL = JAXBContext.newInstance(RegisterDocumentSet.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static SAXParserFactory parsers() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a feature the registry sets: " + e, e);
        }
    }

    private EbRim() {
    }

    public static String of(DocumentEntry entry) {
        RegisterDocumentSet one = new RegisterDocumentSet();
        one.getDocumentEntries().add(entry);
        return write(one);
    }

    public static String of(SubmissionSet submissionSet) {
        RegisterDocumentSet one = new RegisterDocumentSet();
        one.setSubmissionSet(submissionSet);
        return write(one);
    }

    public static String of(Association association) {
        RegisterDocumentSet one = new RegisterDocumentSet();
        one.getAssociations().add(association);
        return write(one);
    }

    public static DocumentEntry documentEntry(String xml) {
        return read(xml).getDocumentEntries().get(0);
    }

    public static SubmissionSet submissionSet(String xml) {
        return read(xml).getSubmissionSet();
    }

    public static Association association(String xml) {
        return read(xml).getAssociations().get(0);
    }

    /**
     * SHA-256 of the whole request in IPF's model form (not the ebRIM, whose writer gives each Classification and
     * Slot a new id): a resend of the same submission gives the same digest.
     */
    public static String digest(RegisterDocumentSet request) {
        try {
            StringWriter out = new StringWriter();
            MODEL.createMarshaller().marshal(request, out);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(out.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this Java runtime", e);
        } catch (JAXBException e) {
            throw new IllegalStateException("could not read the request for its digest: " + e, e);
        }
    }

    /** The request as one ebRIM SubmitObjectsRequest document. */
    public static String write(RegisterDocumentSet request) {
        try {
            Marshaller marshaller = CONTEXT.createMarshaller();
            StringWriter out = new StringWriter();
            marshaller.marshal(TRANSFORMER.toEbXML(request).getInternal(), out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("could not write ebRIM of a registry object: " + e, e);
        }
    }

    /** A request read from an ebRIM SubmitObjectsRequest document. */
    public static RegisterDocumentSet read(String xml) {
        return TRANSFORMER.fromEbXML(new EbXMLSubmitObjectsRequest30(unmarshal(xml)));
    }

    /**
     * The DocumentEntry of a stored text as the ebRIM ExtrinsicObject JAXB reads (ITI TF-3 §4.2.3.2): the object IPF's
     * writer made of the entry when it was stored, with the ids its Classifications and ExternalIdentifiers got then.
     * The node's ITI-18 answer does not read it so: it copies the stored text (StoredExtrinsicObjectWriter); the
     * registry's tests compare that copy with this.
     */
    public static ExtrinsicObjectType extrinsicObject(String xml) {
        SubmitObjectsRequest request = unmarshal(xml);
        if (request.getRegistryObjectList() != null) {
            for (JAXBElement<? extends IdentifiableType> object : request.getRegistryObjectList().getIdentifiable()) {
                if (object.getValue() instanceof ExtrinsicObjectType extrinsic) {
                    return extrinsic;
                }
            }
        }
        throw new IllegalStateException("stored ebRIM of a DocumentEntry holds no ExtrinsicObject; the registry tables"
                + " were changed outside the node");
    }

    private static Reading reading() {
        try {
            return new Reading(PARSERS.get().newSAXParser().getXMLReader(), CONTEXT.createUnmarshaller());
        } catch (JAXBException | ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot make the reader of the registry's ebRIM: " + e, e);
        }
    }

    private static SubmitObjectsRequest unmarshal(String xml) {
        try {
            Reading reading = READING.get();
            SAXSource source = new SAXSource(reading.reader(), new InputSource(new StringReader(xml)));
            return (SubmitObjectsRequest) reading.unmarshaller().unmarshal(source);
        } catch (JAXBException e) {
            throw new IllegalStateException("stored ebRIM of a registry object cannot be read: " + e
                    + "; the registry tables were changed outside the node", e);
        }
    }
}
