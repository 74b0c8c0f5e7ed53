package nl.zorgbrug.registry.service;

import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * Copies the ExtrinsicObject of a stored ebRIM text (a SubmitObjectsRequest holding one DocumentEntry, EbRim) into
 * an answer being written, as StAX events: its elements, attributes and text as stored, with the status given. The
 * result is the same infoset as JAXB's writing of the parsed object: the same element and attribute names in the
 * same namespaces, the same values; only prefixes may differ, and ebRIM 3.0 holds no prefix in a value (no QName
 * content, no xsi:type in an ExtrinsicObject).
 * <p>
 * Namespaces: the stored text declares them on its root, which is not copied. Each copied name uses the prefix the
 * answer already binds to its namespace (JAXB declares ebRIM's on the answer's root), and is declared on the copied
 * element only where the answer binds none: the copy is well-formed wherever it is put.
 */
final class ExtrinsicObjectCopy {
    static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    static final String EXTRINSIC_OBJECT = "ExtrinsicObject";

    /**
     * The reader's factory, configured once and only read after (StAX factories are safe to share once configured):
     * Woodstox where it is on the class path (the node's, as CXF reads with it), else the JDK's. No DTD and no
     * external entities: the stored text is the node's own writing, which has neither.
     */
    private static final XMLInputFactory INPUT = secureInputFactory();

    private ExtrinsicObjectCopy() {
    }

    private static XMLInputFactory secureInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    /**
     * @param ebRim  the stored text
     * @param status the status opcode to write in the ExtrinsicObject's {@code status} attribute
     * @throws IllegalStateException the text holds no ExtrinsicObject or is not XML (the tables were changed outside
     *                               the node)
     */
    static void copy(String ebRim, String status, XMLStreamWriter out) throws XMLStreamException {
        XMLStreamReader in = INPUT.createXMLStreamReader(new StringReader(ebRim));
        try {
            if (!toExtrinsicObject(in)) {
                throw new IllegalStateException("stored ebRIM of a DocumentEntry holds no ExtrinsicObject; the registry"
                        + " tables were changed outside the node");
            }
            int depth = 0;
            int event = XMLStreamConstants.START_ELEMENT;
            do {
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        startElement(in, out, depth == 0 ? status : null);
                        depth++;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        out.writeEndElement();
                        depth--;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            out.writeCharacters(in.getTextCharacters(), in.getTextStart(), in.getTextLength());
                    default -> {
                        // Comments and processing instructions: not part of the object (EbRim's writer makes none).
                    }
                }
                event = depth == 0 ? XMLStreamConstants.END_DOCUMENT : in.next();
            } while (depth > 0);
        } finally {
            in.close();
        }
    }

    private static boolean toExtrinsicObject(XMLStreamReader in) throws XMLStreamException {
        while (in.hasNext()) {
            if (in.next() == XMLStreamConstants.START_ELEMENT && EXTRINSIC_OBJECT.equals(in.getLocalName())
                    && RIM.equals(in.getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }

    /** @param status the status to write instead of the stored one, or null to copy the attributes as they are */
    private static void startElement(XMLStreamReader in, XMLStreamWriter out, String status)
            throws XMLStreamException {
        String namespace = orEmpty(in.getNamespaceURI());
        String prefix = prefixFor(out, orEmpty(in.getPrefix()), namespace, false);
        out.writeStartElement(prefix, in.getLocalName(), namespace);
        declare(out, prefix, namespace);
        boolean statusWritten = false;
        for (int i = 0; i < in.getAttributeCount(); i++) {
            String attributeNamespace = orEmpty(in.getAttributeNamespace(i));
            String name = in.getAttributeLocalName(i);
            String value = in.getAttributeValue(i);
            if (attributeNamespace.isEmpty()) {
                if (status != null && name.equals("status")) {
                    value = status;
                    statusWritten = true;
                }
                out.writeAttribute(name, value);
            } else {
                // A namespaced attribute needs a prefix (the default namespace does not apply to attributes).
                String attributePrefix = prefixFor(out, orEmpty(in.getAttributePrefix(i)), attributeNamespace, true);
                declare(out, attributePrefix, attributeNamespace);
                out.writeAttribute(attributePrefix, attributeNamespace, name, value);
            }
        }
        if (status != null && !statusWritten) {
            out.writeAttribute("status", status);
        }
    }

    /**
     * The answer's prefix for the namespace where it binds one, else the stored one (declared by {@link #declare}).
     * An attribute's namespace is never the default one: it keeps a prefix.
     */
    private static String prefixFor(XMLStreamWriter out, String stored, String namespace, boolean attribute) {
        if (namespace.isEmpty()) {
            return "";
        }
        String bound = out.getNamespaceContext().getPrefix(namespace);
        return bound == null || (attribute && bound.isEmpty()) ? stored : bound;
    }

    /** Declares prefix → namespace on the element just started, unless the answer binds it so already. */
    private static void declare(XMLStreamWriter out, String prefix, String namespace) throws XMLStreamException {
        if (XMLConstants.XML_NS_PREFIX.equals(prefix)) {
            return;
        }
        String bound = out.getNamespaceContext().getNamespaceURI(prefix);
        if (namespace.equals(orEmpty(bound))) {
            return;
        }
        if (prefix.isEmpty()) {
            out.writeDefaultNamespace(namespace);
        } else {
            out.writeNamespace(prefix, namespace);
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
