package io.eventrouter.app;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema printed by {@code event-router schema} is generated from the configuration records; an independent
 * JSON Schema implementation must accept the shipped example files and refuse bad ones, and every field must carry
 * a description.
 */
class ConfigSchemaTest {

    private static String schemaText;
    private static Schema schema;

    @BeforeAll
    static void generate() {
        CommandRunner.Result result = CommandRunner.run("schema");
        assertThat(result.exitCode()).isZero();
        schemaText = result.out();
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaText, InputFormat.JSON);
    }

    static Stream<Path> examples() throws IOException {
        Path dir = Path.of(System.getProperty("project.root", "..")).resolve("examples/configs");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void acceptsTheShippedExamples(Path example) throws IOException {
        List<Error> errors = schema.validate(Files.readString(example), InputFormat.YAML);
        assertThat(errors).as(errors.toString()).isEmpty();
        CommandRunner.Result validate = CommandRunner.run("validate", "--config", example.toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unknown-top-level-key.yaml", "wrong-kind.yaml", "wrong-apiversion.yaml",
            "missing-processor.yaml", "provider-type-unknown.yaml", "webhook-unknown-key.yaml",
            "knative-bad-encoding.yaml", "knative-insecure-string.yaml", "webhook-max-body-string.yaml",
            "delivery-bad-policy.yaml", "metrics-unknown-type.yaml", "webhook-auth-unknown-type.yaml",
            "v1-missing-name.yaml", "v1-singular-keys.yaml", "v1-filter-unknown-dialect.yaml",
            "v1-filter-two-dialects.yaml", "v1-filter-no-dialect.yaml",
            "v1-filters-not-a-list.yaml", "v1-legacy-filter-typo.yaml", "v1-kafka-missing-topic.yaml",
            "v1alpha1-filters.yaml", "openfaas-auth-bearer.yaml", "v1-eventbridge-auth-basic.yaml",
            "metrics-auth-wrong-type.yaml", "webhook-auth-wrong-type.yaml"})
    void refusesWhatTheLoaderRefuses(String name) throws Exception {
        Path file = Path.of(getClass().getResource("/bad-configs/" + name).toURI());
        assertThat(schema.validate(Files.readString(file), InputFormat.YAML)).isNotEmpty();
    }

    @Test
    void everyPropertyIsDescribed() {
        JsonNode root = JsonMapper.builder().build().readTree(schemaText);
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(root, "", undocumented);
        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(JsonNode node, String where, List<String> undocumented) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                for (Map.Entry<String, JsonNode> property : properties.properties()) {
                    if (property.getValue().isObject() && !property.getValue().has("description")) {
                        undocumented.add(where + "/" + property.getKey());
                    }
                }
            }
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                if (!child.getKey().equals("then") && !child.getKey().equals("if")) {
                    collectUndocumented(child.getValue(), where + "/" + child.getKey(), undocumented);
                }
            }
        }
    }
}
