package io.eventrouter.config;

/** A configuration record with rules across its fields; called right after the record is bound. */
public interface Validatable {

    void validate(Validation validation) throws ConfigException;
}
