package io.eventrouter.vsphere.events;

/** How a vim25 field's XML value becomes JSON, decided once per field when the schema is loaded. */
enum ValueKind {
    /** xsd:string and every vim25 enum. */
    STRING,
    /** Go's integer types: a JSON number. */
    INT,
    FLOAT,
    BOOL,
    /** Go {@code time.Time}: an RFC 3339 string with trimmed fraction. */
    TIME,
    /** Go {@code []byte}: base64. */
    BYTES,
    /** {@code {"Type":…,"Value":…}}. */
    MOREF,
    /** {@code AnyType}: the value's own xsi:type decides. */
    ANY,
    /** A data object written with its declared type. */
    OBJECT,
    /** A {@code Base<T>} interface: the element's xsi:type names the concrete subtype of T. */
    INTERFACE
}
