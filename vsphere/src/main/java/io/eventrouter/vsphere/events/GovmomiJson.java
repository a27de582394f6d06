package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventrouter.vsphere.vim25.XmlElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes a vim25 data object the way Go's encoding/json writes govmomi's struct for it: keys are the Go field names,
 * base fields come first, every field of the type is present ({@code null} for an absent pointer, slice or interface,
 * the zero value for anything else), references are {@code {"Type","Value"}}, times are Go's RFC 3339. Elements the
 * schema does not know (newer vSphere versions) are kept, after the known fields, by {@link SchemaLessJson}.
 */
final class GovmomiJson {

    private final VimSchema schema;
    private final SchemaLessJson schemaLess;

    GovmomiJson(VimSchema schema) {
        this.schema = schema;
        this.schemaLess = new SchemaLessJson(this);
    }

    VimSchema schema() {
        return schema;
    }

    /** Writes {@code element} as an object of {@code type}. */
    void writeObject(JsonGenerator out, XmlElement element, TypeInfo type) throws IOException {
        List<FieldInfo> fields = type.fields();
        Object[] slots = new Object[fields.size()];
        List<XmlElement> unknown = null;
        for (XmlElement child : element.children()) {
            int index = type.indexOf(child.name());
            if (index < 0) {
                if (unknown == null) {
                    unknown = new ArrayList<>(2);
                }
                unknown.add(child);
            } else if (fields.get(index).array()) {
                @SuppressWarnings("unchecked")
                List<XmlElement> items = (List<XmlElement>) slots[index];
                if (items == null) {
                    items = new ArrayList<>(4);
                    slots[index] = items;
                }
                items.add(child);
            } else {
                slots[index] = child; // a repeated single element: the last one wins, as in Go
            }
        }
        out.writeStartObject();
        for (int i = 0; i < slots.length; i++) {
            FieldInfo field = fields.get(i);
            out.writeFieldName(field.jsonKey());
            Object slot = slots[i];
            if (slot == null) {
                writeAbsent(out, field);
            } else if (field.array()) {
                out.writeStartArray();
                for (Object item : (List<?>) slot) {
                    writeValue(out, field, (XmlElement) item);
                }
                out.writeEndArray();
            } else {
                writeValue(out, field, (XmlElement) slot);
            }
        }
        if (unknown != null) {
            schemaLess.writeFields(out, unknown);
        }
        out.writeEndObject();
    }

    private void writeValue(JsonGenerator out, FieldInfo field, XmlElement element) throws IOException {
        switch (field.kind()) {
            case STRING -> out.writeString(element.text());
            case INT -> out.writeNumber(parseInteger(element.text()));
            case FLOAT -> writeFloat(out, parseFloat(element.text()), "float32".equals(field.typeName()));
            case BOOL -> out.writeBoolean(parseBoolean(element.text()));
            case TIME -> out.writeString(time(element.text()));
            case BYTES -> out.writeString(bytes(element.text()));
            case MOREF -> writeReference(out, element);
            case ANY -> writeAny(out, element);
            case OBJECT -> writeObject(out, element, schema.type(field.typeName()));
            case INTERFACE -> {
                TypeInfo concrete = schema.type(element.xsiType());
                TypeInfo declared = schema.type(field.typeName());
                writeObject(out, element, concrete != null && concrete.isA(declared.name()) ? concrete : declared);
            }
        }
    }

    /** What Go writes for a field whose element is absent. */
    void writeAbsent(JsonGenerator out, FieldInfo field) throws IOException {
        if (field.nullWhenAbsent()) {
            out.writeNull();
            return;
        }
        switch (field.kind()) {
            case STRING -> out.writeString("");
            case INT -> out.writeNumber(0);
            case FLOAT -> out.writeNumber(0);
            case BOOL -> out.writeBoolean(false);
            case TIME -> out.writeString(GoTime.ZERO);
            case MOREF -> {
                out.writeStartObject();
                out.writeStringField("Type", "");
                out.writeStringField("Value", "");
                out.writeEndObject();
            }
            case OBJECT -> writeZeroObject(out, schema.type(field.typeName()));
            default -> out.writeNull();
        }
    }

    private void writeZeroObject(JsonGenerator out, TypeInfo type) throws IOException {
        out.writeStartObject();
        for (FieldInfo field : type.fields()) {
            out.writeFieldName(field.jsonKey());
            writeAbsent(out, field);
        }
        out.writeEndObject();
    }

    static void writeReference(JsonGenerator out, XmlElement element) throws IOException {
        out.writeStartObject();
        out.writeStringField("Type", element.typeAttribute() == null ? "" : element.typeAttribute());
        out.writeStringField("Value", element.text());
        out.writeEndObject();
    }

    /**
     * An {@code AnyType} value (e.g. {@code KeyAnyValue.value}): Go decodes it into the type its xsi:type names,
     * so an {@code xsd:int} becomes a number and an {@code ArrayOfString} an object {@code {"String":[…]}}.
     */
    void writeAny(JsonGenerator out, XmlElement element) throws IOException {
        String type = element.xsiType();
        if (type == null) {
            schemaLess.writeValue(out, element);
        } else if (element.xsiTypeIsXsd()) {
            writeXsd(out, type, element.text());
        } else if (type.equals("ManagedObjectReference")) {
            writeReference(out, element);
        } else if (schema.type(type) != null) {
            writeObject(out, element, schema.type(type));
        } else {
            schemaLess.writeValue(out, element);
        }
    }

    private static void writeXsd(JsonGenerator out, String type, String text) throws IOException {
        switch (type) {
            case "int", "short", "long", "byte", "integer", "unsignedInt", "unsignedShort", "unsignedByte",
                 "unsignedLong" -> out.writeNumber(parseInteger(text));
            case "float" -> writeFloat(out, parseFloat(text), true);
            case "double", "decimal" -> writeFloat(out, parseFloat(text), false);
            case "boolean" -> out.writeBoolean(parseBoolean(text));
            case "dateTime" -> out.writeString(time(text));
            case "base64Binary" -> out.writeString(bytes(text));
            default -> out.writeString(text);
        }
    }

    /** As Go prints floats: integral values without a fraction ({@code 2}, not {@code 2.0}). */
    private static void writeFloat(JsonGenerator out, double value, boolean float32) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 1e21) {
            out.writeNumber((long) value);
        } else if (float32) {
            out.writeNumber((float) value);
        } else {
            out.writeNumber(value);
        }
    }

    // Go's encoding/xml reads an empty element as the zero value and trims spaces around numbers and booleans.

    static long parseInteger(String text) {
        String value = text.strip();
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    static double parseFloat(String text) {
        String value = text.strip();
        return value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    static boolean parseBoolean(String text) {
        return switch (text.strip()) {
            case "true", "1" -> true;
            case "false", "0", "" -> false;
            default -> throw new IllegalArgumentException("not a boolean: \"" + text + "\"");
        };
    }

    private static String time(String text) {
        return text.isBlank() ? GoTime.ZERO : GoTime.normalize(text);
    }

    /** Go's encoding/xml keeps the element's raw text in a {@code []byte}; encoding/json then writes it as base64. */
    private static String bytes(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
