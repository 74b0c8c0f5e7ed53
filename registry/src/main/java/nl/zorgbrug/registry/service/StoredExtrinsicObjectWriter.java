package nl.zorgbrug.registry.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.xml.bind.JAXBElement;

import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;

/**
 * The writer of an ITI-18 answer whose ExtrinsicObjects are {@link StoredExtrinsicObject}s: what JAXB writes of
 * the next one (its start, its id, its end) is dropped, and the stored ExtrinsicObject is copied in its place
 * ({@link ExtrinsicObjectCopy}). Everything else passes through unchanged.
 * <p>
 * The placeholders come in the order JAXB writes them, the order of the answer's RegistryObjectList; each dropped
 * placeholder's id is checked against the one to be copied before anything of it is written, so an answer never
 * shows one entry's metadata under another's. One writer per answer, used by one thread (StAX writers are not shared).
 */
public final class StoredExtrinsicObjectWriter extends DelegatingStreamWriter {
    private final Deque<StoredExtrinsicObject> pending;
    /** The placeholder being dropped, while {@link #depth} > 0. */
    private StoredExtrinsicObject copied;
    /** Elements open in the placeholder being dropped, itself included; 0 outside one. */
    private int depth;

    private StoredExtrinsicObjectWriter(XMLStreamWriter out, List<StoredExtrinsicObject> placeholders) {
        super(out);
        this.pending = new ArrayDeque<>(placeholders);
    }

    /** The placeholders of an answer, in the order they are written; empty when it holds none (nothing to copy). */
    public static List<StoredExtrinsicObject> placeholders(AdhocQueryResponse answer) {
        List<StoredExtrinsicObject> found = new ArrayList<>();
        if (answer.getRegistryObjectList() != null) {
            for (JAXBElement<? extends IdentifiableType> object : answer.getRegistryObjectList().getIdentifiable()) {
                if (object.getValue() instanceof StoredExtrinsicObject stored) {
                    found.add(stored);
                }
            }
        }
        return found;
    }

    /** A writer that puts the stored ExtrinsicObjects into {@code out} in the place of the given placeholders. */
    public static XMLStreamWriter around(XMLStreamWriter out, List<StoredExtrinsicObject> placeholders) {
        return placeholders.isEmpty() ? out : new StoredExtrinsicObjectWriter(out, placeholders);
    }

    /** Whether every placeholder was replaced: false means part of the answer was never written. */
    public boolean complete() {
        return pending.isEmpty() && depth == 0;
    }

    @Override
    public void writeStartElement(String prefix, String local, String namespace) throws XMLStreamException {
        if (!dropped(local, namespace)) {
            super.writeStartElement(prefix, local, namespace);
        }
    }

    @Override
    public void writeStartElement(String namespace, String local) throws XMLStreamException {
        if (!dropped(local, namespace)) {
            super.writeStartElement(namespace, local);
        }
    }

    @Override
    public void writeStartElement(String local) throws XMLStreamException {
        if (!dropped(local, null)) {
            super.writeStartElement(local);
        }
    }

    /**
     * Whether the element started is not to be written: inside a placeholder, or the next placeholder itself, in
     * whose place the stored ExtrinsicObject is copied at its end.
     */
    private boolean dropped(String local, String namespace) {
        if (depth > 0) {
            depth++;
            return true;
        }
        if (pending.isEmpty() || !ExtrinsicObjectCopy.EXTRINSIC_OBJECT.equals(local)
                || !ExtrinsicObjectCopy.RIM.equals(namespace)) {
            return false;
        }
        copied = pending.removeFirst();
        depth = 1;
        return true;
    }

    /** At the placeholder's end, its id checked, the stored ExtrinsicObject is copied in its place. */
    @Override
    public void writeEndElement() throws XMLStreamException {
        if (depth == 0) {
            super.writeEndElement();
        } else if (--depth == 0) {
            ExtrinsicObjectCopy.copy(copied.ebRim(), copied.status(), delegate());
        }
    }

    @Override
    public void writeAttribute(String local, String value) throws XMLStreamException {
        if (depth == 1 && "id".equals(local) && !value.equals(copied.getId())) {
            throw new IllegalStateException("the answer's ExtrinsicObject " + value + " was to be the stored "
                    + copied.getId() + ": the placeholders are not in the order they are written");
        }
        if (depth == 0) {
            super.writeAttribute(local, value);
        }
    }

    @Override
    public void writeAttribute(String namespace, String local, String value) throws XMLStreamException {
        if (depth == 0) {
            super.writeAttribute(namespace, local, value);
        }
    }

    @Override
    public void writeAttribute(String prefix, String namespace, String local, String value) throws XMLStreamException {
        if (depth == 0) {
            super.writeAttribute(prefix, namespace, local, value);
        } else if (namespace == null || namespace.isEmpty()) {
            writeAttribute(local, value);
        }
    }

    @Override
    public void writeNamespace(String prefix, String namespace) throws XMLStreamException {
        if (depth == 0) {
            super.writeNamespace(prefix, namespace);
        }
    }

    @Override
    public void writeDefaultNamespace(String namespace) throws XMLStreamException {
        if (depth == 0) {
            super.writeDefaultNamespace(namespace);
        }
    }

    @Override
    public void writeEmptyElement(String prefix, String local, String namespace) throws XMLStreamException {
        if (depth == 0) {
            super.writeEmptyElement(prefix, local, namespace);
        }
    }

    @Override
    public void writeEmptyElement(String namespace, String local) throws XMLStreamException {
        if (depth == 0) {
            super.writeEmptyElement(namespace, local);
        }
    }

    @Override
    public void writeEmptyElement(String local) throws XMLStreamException {
        if (depth == 0) {
            super.writeEmptyElement(local);
        }
    }

    @Override
    public void writeCharacters(String text) throws XMLStreamException {
        if (depth == 0) {
            super.writeCharacters(text);
        }
    }

    @Override
    public void writeCharacters(char[] text, int start, int length) throws XMLStreamException {
        if (depth == 0) {
            super.writeCharacters(text, start, length);
        }
    }

    @Override
    public void writeCData(String text) throws XMLStreamException {
        if (depth == 0) {
            super.writeCData(text);
        }
    }

    @Override
    public void writeComment(String text) throws XMLStreamException {
        if (depth == 0) {
            super.writeComment(text);
        }
    }

    @Override
    public void writeEndDocument() throws XMLStreamException {
        if (!complete()) {
            throw new IllegalStateException(pending.size() + " stored ExtrinsicObject(s) of the answer were not"
                    + " written: JAXB wrote no ExtrinsicObject element for them");
        }
        super.writeEndDocument();
    }
}
