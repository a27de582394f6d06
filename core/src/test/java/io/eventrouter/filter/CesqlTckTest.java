package io.eventrouter.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.Location;
import io.eventrouter.config.References;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CESQL specification's own test cases (the TCK YAML files, read from {@code ../shared/reference/cesql-tck} at
 * run time, never copied into the project) run through our filter layer: each expression is written as a
 * {@code cesql} filter, bound and validated like configuration, compiled and matched against the case's event.
 *
 * <p>A filter only says match or no match, so each case maps to one of:
 * <ul>
 *   <li>{@code error: parse} → the filter is a configuration error;</li>
 *   <li>any other {@code error} → no match (fail closed), whatever the expression's value;</li>
 *   <li>a boolean {@code result} → match exactly when it is {@code true};</li>
 *   <li>an integer or string {@code result} → no match (the spec: a filter's value must be a boolean).</li>
 * </ul>
 * Cases whose expected behaviour the filter layer cannot show are skipped with the reason (see {@link #SKIPPED}).
 * Reports itself skipped when the TCK folder is absent.
 */
class CesqlTckTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventFormat CE_JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /**
     * Cases skipped, by "file / case name", with why. Empty means every case of the TCK applies to the filter layer
     * in one of the forms above.
     */
    static final Map<String, String> SKIPPED = Map.of();

    static Path tckDirectory() {
        String root = System.getProperty("project.root", "..");
        return Path.of(root).resolve("../shared/reference/cesql-tck").normalize();
    }

    @TestFactory
    Stream<DynamicNode> tckCasesThroughTheFilterLayer() throws IOException {
        Path dir = tckDirectory();
        assumeTrue(Files.isDirectory(dir), "CESQL TCK not found at " + dir + "; skipped");
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("TCK files in " + dir).isNotEmpty();
        List<DynamicNode> suites = new ArrayList<>();
        for (Path file : files) {
            JsonNode suite = YAML.readTree(file.toFile());
            List<DynamicTest> cases = new ArrayList<>();
            for (JsonNode testCase : suite.path("tests")) {
                String name = file.getFileName() + " / " + testCase.path("name").asText();
                cases.add(DynamicTest.dynamicTest(testCase.path("name").asText(), () -> run(name, testCase)));
            }
            suites.add(DynamicContainer.dynamicContainer(suite.path("name").asText(file.toString()), cases));
        }
        return suites.stream();
    }

    private static void run(String name, JsonNode testCase) throws Exception {
        String skip = SKIPPED.get(name);
        assumeTrue(skip == null, skip);
        String expression = testCase.path("expression").asText();
        String error = testCase.path("error").asText("");
        if (error.equals("parse")) {
            assertThatThrownBy(() -> compile(expression)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("invalid CESQL expression");
            return;
        }
        EventFilter filter = compile(expression);
        boolean expected = error.isEmpty() && testCase.path("result").isBoolean() && testCase.path("result").asBoolean();
        assertThat(filter.matches(event(testCase)))
                .as("%s: %s (expected result %s, error %s)", name, expression, testCase.path("result"), error)
                .isEqualTo(expected);
    }

    /** The expression as a {@code cesql} filter, bound and validated as configuration, then compiled. */
    private static EventFilter compile(String expression) throws ConfigException {
        Location at = Location.UNKNOWN;
        var node = ConfigNodes.map(at, "cesql", ConfigNodes.string(at, expression));
        FilterSpec spec = new Binder(References.system()).bind(node, FilterSpec.class, ConfigPath.ROOT.field("filter"));
        return Filters.compile(spec);
    }

    /** The case's event, or any valid event with the case's overrides (attributes and typed extensions). */
    private static CloudEvent event(JsonNode testCase) throws IOException {
        ObjectNode event;
        if (testCase.has("event")) {
            event = (ObjectNode) testCase.get("event").deepCopy();
        } else {
            event = JSON.createObjectNode().put("specversion", "1.0").put("id", "tck-id")
                    .put("source", "/cesql/tck").put("type", "io.cloudevents.cesql.tck");
            testCase.path("eventOverrides").properties().forEach(e -> event.set(e.getKey(), e.getValue()));
        }
        return CE_JSON.deserialize(JSON.writeValueAsBytes(event));
    }
}
