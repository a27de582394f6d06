package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventrouter.vsphere.vim25.XmlElement;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for XML the schema does not describe (classes and fields newer than vSphere 7.0U1): element names with the
 * first letter upper-cased, repeated elements as arrays, references as {@code {"Type","Value"}}, known xsi:types
 * through the schema, any other leaf as its text. Nothing is dropped.
 */
final class SchemaLessJson {

    private final GovmomiJson typed;

    SchemaLessJson(GovmomiJson typed) {
        this.typed = typed;
    }

    /** Writes {@code elements} as fields of the object being written, grouping repeated names into arrays. */
    void writeFields(JsonGenerator out, List<XmlElement> elements) throws IOException {
        Map<String, List<XmlElement>> byName = new LinkedHashMap<>();
        for (XmlElement element : elements) {
            byName.computeIfAbsent(element.name(), name -> new ArrayList<>(1)).add(element);
        }
        for (Map.Entry<String, List<XmlElement>> group : byName.entrySet()) {
            out.writeFieldName(capitalize(group.getKey()));
            List<XmlElement> values = group.getValue();
            if (values.size() == 1) {
                writeValue(out, values.getFirst());
            } else {
                out.writeStartArray();
                for (XmlElement value : values) {
                    writeValue(out, value);
                }
                out.writeEndArray();
            }
        }
    }

    void writeValue(JsonGenerator out, XmlElement element) throws IOException {
        if (element.xsiType() != null && (element.xsiTypeIsXsd() || typed.schema().knows(element.xsiType())
                || element.xsiType().equals("ManagedObjectReference"))) {
            typed.writeAny(out, element);
        } else if (element.typeAttribute() != null && !element.hasChildren()) {
            GovmomiJson.writeReference(out, element);
        } else if (!element.hasChildren()) {
            out.writeString(element.text());
        } else {
            out.writeStartObject();
            writeFields(out, element.children());
            out.writeEndObject();
        }
    }

    static String capitalize(String name) {
        if (name.isEmpty() || Character.isUpperCase(name.charAt(0))) {
            return name;
        }
        if (name.equals("_this")) {
            return "This";
        }
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
