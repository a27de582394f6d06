package io.eventrouter.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Binds one type from a node and describes it in the JSON schema. Needs a public no-argument constructor. */
public interface TypeAdapter<T> {

    T bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException;

    /** Fills in the JSON schema of the type (the description is added by the caller). */
    void describe(ObjectNode schema, SchemaWriter writer);
}
