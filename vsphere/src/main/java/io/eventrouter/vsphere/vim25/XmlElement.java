package io.eventrouter.vsphere.vim25;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a parsed SOAP response: what vim25 data needs and nothing more. Names are local names (the body is
 * all {@code urn:vim25}); {@code xsi:type} is kept already resolved by namespace, whatever prefix the server used.
 */
public final class XmlElement {

    static final String XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema";

    private final String name;
    private final String xsiType;
    private final boolean xsiTypeIsXsd;
    private final String typeAttribute;
    private List<XmlElement> children = List.of();
    private String text = "";

    XmlElement(String name, String xsiType, boolean xsiTypeIsXsd, String typeAttribute) {
        this.name = name;
        this.xsiType = xsiType;
        this.xsiTypeIsXsd = xsiTypeIsXsd;
        this.typeAttribute = typeAttribute;
    }

    /** Builds an element by hand (tests, requests). */
    public static XmlElement of(String name, String xsiType, String text, List<XmlElement> children) {
        XmlElement element = new XmlElement(name, xsiType, false, null);
        element.text = text == null ? "" : text;
        element.children = List.copyOf(children);
        return element;
    }

    void addChild(XmlElement child) {
        if (children.isEmpty()) {
            children = new ArrayList<>(8);
        }
        children.add(child);
    }

    void setText(String text) {
        this.text = text;
    }

    /** The local name. */
    public String name() {
        return name;
    }

    /** The local part of {@code xsi:type}, or null when the element has none. */
    public String xsiType() {
        return xsiType;
    }

    /** Whether {@code xsi:type} names an XML Schema built-in type ({@code xsd:int}) rather than a vim25 type. */
    public boolean xsiTypeIsXsd() {
        return xsiTypeIsXsd;
    }

    /** The plain {@code type} attribute, which a managed object reference carries; null when absent. */
    public String typeAttribute() {
        return typeAttribute;
    }

    /** The character content; empty for elements that only hold other elements. */
    public String text() {
        return text;
    }

    public List<XmlElement> children() {
        return children;
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }

    /** The first child called {@code childName}, or null. */
    public XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    /** The text of the first child called {@code childName}, or null when there is no such child. */
    public String childText(String childName) {
        XmlElement child = child(childName);
        return child == null ? null : child.text;
    }

    public List<XmlElement> children(String childName) {
        List<XmlElement> matching = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                matching.add(child);
            }
        }
        return matching;
    }

    /** The element written back as XML (namespace-free, with xsi:type), for logs of events that could not be read. */
    public String toXml() {
        StringBuilder out = new StringBuilder(256);
        appendXml(out);
        return out.toString();
    }

    private void appendXml(StringBuilder out) {
        out.append('<').append(name);
        if (xsiType != null) {
            out.append(" xsi:type=\"").append(xsiTypeIsXsd ? "xsd:" : "").append(XmlText.escape(xsiType)).append('"');
        }
        if (typeAttribute != null) {
            out.append(" type=\"").append(XmlText.escape(typeAttribute)).append('"');
        }
        out.append('>');
        if (children.isEmpty()) {
            out.append(XmlText.escape(text));
        }
        for (XmlElement child : children) {
            child.appendXml(out);
        }
        out.append("</").append(name).append('>');
    }

    @Override
    public String toString() {
        return toXml();
    }
}
