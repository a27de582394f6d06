package io.eventrouter.filter;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.util.Map;

/** Knative's original Trigger {@code filter}: exact matches on attributes. */
@Doc("Knative's original Trigger filter; filters, when given, take its place (as in Knative).")
public record LegacyFilterSpec(
        @Doc("Attribute → value; every attribute must equal its value. An empty value accepts any value, but the "
                + "attribute must be present.") Map<String, String> attributes) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            FilterSpec.checkName(v, "attributes", entry.getKey());
            v.check(entry.getValue() != null, "attributes", "the value of " + entry.getKey() + " must be a string");
        }
    }
}
