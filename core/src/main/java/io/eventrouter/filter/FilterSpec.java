package io.eventrouter.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Doc;
import io.eventrouter.config.ExactlyOneKey;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.util.List;
import java.util.Map;

/**
 * One filter of a processor, in the dialects of Knative Trigger {@code filters} and the CloudEvents Subscriptions
 * API, plus {@code pattern}. Each mapping holds exactly one dialect. Expressions and patterns are checked here, at
 * load time, so that a bad one is a configuration error with its path; {@link Filters} compiles them for the router.
 */
@ExactlyOneKey(what = "a filter", hint = "combine dialects with all: [...] or any: [...]")
@Doc("A filter: exactly one of exact, prefix, suffix, all, any, not, cesql (or sql), pattern.")
public record FilterSpec(
        @Doc("Attribute → value; the event's attribute must equal the value (case-sensitive; non-string attributes "
                + "compared in their string form). Several entries must all match.") Map<String, String> exact,
        @Doc("Attribute → value; the event's attribute must start with the value.") Map<String, String> prefix,
        @Doc("Attribute → value; the event's attribute must end with the value.") Map<String, String> suffix,
        @Doc("Matches when every filter of the list matches.") List<FilterSpec> all,
        @Doc("Matches when at least one filter of the list matches.") List<FilterSpec> any,
        @Doc("Matches when the filter does not.") FilterSpec not,
        @Doc("A CloudEvents SQL expression over context attributes and extensions, e.g. \"type LIKE 'com.vmware.%' "
                + "AND subject IN ('VmPoweredOnEvent', 'VmPoweredOffEvent')\"; an evaluation error means no match.")
        String cesql,
        @Doc("The Subscriptions API's name for cesql.") String sql,
        @Doc("An EventBridge event pattern over the whole event as JSON: attributes and extensions at the top level, "
                + "data as JSON; e.g. {\"data\": {\"Vm\": {\"Name\": [{\"prefix\": \"prod-\"}]}}}. A mapping, or JSON "
                + "text.") JsonNode pattern) implements Validatable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void validate(Validation v) throws ConfigException {
        checkAttributes(v, "exact", exact);
        checkAttributes(v, "prefix", prefix);
        checkAttributes(v, "suffix", suffix);
        v.check(!v.has("all") || (all != null && !all.isEmpty()), "all", "needs at least one filter");
        v.check(!v.has("any") || (any != null && !any.isEmpty()), "any", "needs at least one filter");
        v.check(!v.has("not") || not != null, "not", "needs a filter");
        for (String key : List.of("cesql", "sql")) {
            if (v.has(key)) {
                compileOrReport(v, key, () -> CesqlFilter.compile(key.equals("cesql") ? cesql : sql));
            }
        }
        if (v.has("pattern")) {
            compileOrReport(v, "pattern", () -> PatternFilter.compile(patternObject()));
        }
    }

    /** The pattern as a JSON object, parsing it when it was written as JSON text. */
    JsonNode patternObject() {
        if (pattern == null || !pattern.isTextual()) {
            return pattern;
        }
        try {
            return JSON.readTree(pattern.textValue());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the pattern is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void checkAttributes(Validation v, String key, Map<String, String> attributes) throws ConfigException {
        if (!v.has(key)) {
            return;
        }
        v.check(attributes != null && !attributes.isEmpty(), key, "needs at least one attribute");
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            checkName(v, key, entry.getKey());
            v.check(entry.getValue() != null && !entry.getValue().isEmpty(), key, "the value of " + entry.getKey()
                    + " must not be empty");
        }
    }

    /** Attribute names follow the CloudEvents naming rule, so a typo such as "Type" is caught at load time. */
    static void checkName(Validation v, String key, String name) throws ConfigException {
        v.check(AttributeReader.NAME.matcher(name).matches(), key, "\"" + name
                + "\" is not a CloudEvents attribute name (lower-case letters and digits)");
    }

    private static void compileOrReport(Validation v, String key, Runnable compile) throws ConfigException {
        try {
            compile.run();
        } catch (IllegalArgumentException e) {
            throw v.error(key, e.getMessage());
        }
    }
}
