package io.eventrouter.vsphere.events;

import java.util.List;
import java.util.Map;

/**
 * A vim25 data object type with its fields flattened the way Go's encoding/json sees the embedded base structs:
 * base fields first, in schema order, each type's own fields after its base's.
 */
record TypeInfo(String name, String base, List<FieldInfo> fields, Map<String, Integer> indexByXml,
                List<String> ancestry) {

    /** The position of the field written as element {@code xmlName}, or -1. */
    int indexOf(String xmlName) {
        Integer index = indexByXml.get(xmlName);
        return index == null ? -1 : index;
    }

    /** Whether this type is {@code typeName} or derives from it. */
    boolean isA(String typeName) {
        return ancestry.contains(typeName);
    }
}
