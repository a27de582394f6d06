package io.eventrouter.vsphere.vim25;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Parses a response into an {@link XmlElement} tree with a namespace-aware StAX reader. DTDs are refused outright
 * (no vim25 endpoint sends one, and they are the door to entity expansion and external entity attacks), and external
 * entities are off in the factory as a second line of defence.
 */
public final class SafeXmlReader {

    private static final String XSI_NAMESPACE = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
    private static final XMLInputFactory FACTORY = createFactory();
    /**
     * vim25 answers nest some twenty levels deep; far deeper documents are refused, since the JSON writers recurse
     * per level and must not overflow the stack on a hostile answer (newer JDKs stop at 100 on their own).
     */
    static final int MAX_DEPTH = 64;

    private SafeXmlReader() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    public static XmlElement parse(String xml) throws VimProtocolException {
        return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the whole document and returns its root element. */
    public static XmlElement parse(InputStream in) throws VimProtocolException {
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(in);
            return readTree(reader);
        } catch (XMLStreamException | RuntimeException e) {
            throw new VimProtocolException("malformed XML: " + firstLine(e.getMessage()), e);
        } finally {
            closeQuietly(reader);
        }
    }

    private static XmlElement readTree(XMLStreamReader reader) throws XMLStreamException, VimProtocolException {
        ArrayDeque<XmlElement> open = new ArrayDeque<>();
        StringBuilder text = new StringBuilder();
        XmlElement root = null;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD -> throw new VimProtocolException("the response contains a DTD; refused");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw new VimProtocolException("the response references an undeclared entity; refused");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (open.size() >= MAX_DEPTH) {
                        throw new VimProtocolException("the response nests deeper than " + MAX_DEPTH + " elements");
                    }
                    XmlElement element = startElement(reader);
                    if (open.isEmpty()) {
                        if (root != null) {
                            throw new VimProtocolException("more than one root element");
                        }
                        root = element;
                    } else {
                        open.peek().addChild(element);
                    }
                    open.push(element);
                    text.setLength(0);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement element = open.pop();
                    if (!element.hasChildren() && !text.isEmpty()) {
                        element.setText(text.toString());
                    }
                    text.setLength(0);
                }
                default -> {
                    // comments, processing instructions: not data
                }
            }
        }
        if (root == null) {
            throw new VimProtocolException("empty document");
        }
        return root;
    }

    private static XmlElement startElement(XMLStreamReader reader) {
        String xsiType = null;
        boolean xsd = false;
        String typeAttribute = null;
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            String local = reader.getAttributeLocalName(i);
            if (!local.equals("type")) {
                continue;
            }
            String namespace = reader.getAttributeNamespace(i);
            if (namespace == null || namespace.isEmpty()) {
                typeAttribute = reader.getAttributeValue(i);
            } else if (namespace.equals(XSI_NAMESPACE)) {
                // the value is a QName: resolve its prefix here, since vCenter writes xsd:int where another
                // server may use any other prefix bound to the same namespace
                String value = reader.getAttributeValue(i).strip();
                int colon = value.indexOf(':');
                String prefix = colon < 0 ? XMLConstants.DEFAULT_NS_PREFIX : value.substring(0, colon);
                xsiType = colon < 0 ? value : value.substring(colon + 1);
                xsd = XmlElement.XSD_NAMESPACE.equals(reader.getNamespaceContext().getNamespaceURI(prefix));
            }
        }
        return new XmlElement(reader.getLocalName(), xsiType, xsd, typeAttribute);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing left to release
            }
        }
    }
}
