package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.core.io.SerializedString;

/**
 * One field of a vim25 data object as govmomi declares it.
 *
 * @param json     the Go field name, which is the JSON key (the XML name with its first letter upper-cased)
 * @param typeName for {@link ValueKind#OBJECT} and {@link ValueKind#INTERFACE}: the declared data object type;
 *                 {@code float32} for Go's float32 fields
 * @param array    a Go slice: absent → {@code null}, present → a JSON array
 * @param pointer  a Go pointer: absent → {@code null} (a value field gets its zero value instead)
 * @param jsonKey  {@code json}, encoded once: every event writes every field name of its type
 */
record FieldInfo(String json, String xml, ValueKind kind, String typeName, boolean array, boolean pointer,
                 SerializedString jsonKey) {

    FieldInfo(String json, String xml, ValueKind kind, String typeName, boolean array, boolean pointer) {
        this(json, xml, kind, typeName, array, pointer, new SerializedString(json));
    }

    /** Whether Go writes {@code null} when the element is absent. */
    boolean nullWhenAbsent() {
        return array || pointer || kind == ValueKind.INTERFACE || kind == ValueKind.ANY || kind == ValueKind.BYTES;
    }
}
