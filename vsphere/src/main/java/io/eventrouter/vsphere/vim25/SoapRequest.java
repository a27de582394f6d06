package io.eventrouter.vsphere.vim25;

/** Writes one vim25 request body: the method element in {@code urn:vim25}, its {@code _this}, then the arguments. */
final class SoapRequest {

    private static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><soapenv:Body>";
    private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";

    private final String method;
    private final StringBuilder xml = new StringBuilder(512).append(ENVELOPE_START);

    SoapRequest(String method, ManagedObjectReference self) {
        this.method = method;
        xml.append('<').append(method).append(" xmlns=\"urn:vim25\">");
        ref("_this", self);
    }

    String method() {
        return method;
    }

    SoapRequest text(String name, String value) {
        xml.append('<').append(name).append('>').append(XmlText.escape(value)).append("</").append(name).append('>');
        return this;
    }

    SoapRequest ref(String name, ManagedObjectReference ref) {
        xml.append('<').append(name).append(" type=\"").append(XmlText.escape(ref.type())).append("\">")
                .append(XmlText.escape(ref.value())).append("</").append(name).append('>');
        return this;
    }

    SoapRequest open(String name) {
        xml.append('<').append(name).append('>');
        return this;
    }

    SoapRequest close(String name) {
        xml.append("</").append(name).append('>');
        return this;
    }

    /** The complete envelope. Holds the password for Login: never log it. */
    String envelope() {
        return xml + "</" + method + ">" + ENVELOPE_END;
    }
}
