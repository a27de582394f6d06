package io.eventrouter.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.app.Main;
import io.eventrouter.systemtests.Command;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/event-router-k8s.yaml with the original's documented steps, run as written but with kubectl's
 * client-side dry run (no cluster here): namespace vmware, the configuration file as Secret event-router-config,
 * the Knative ClusterRoleBinding, then the manifest. Every object must pass the Kubernetes schemas, the pieces must
 * fit together (Secret name and key, service account), and the configuration in the Secret must pass the router's
 * validate as the container would read it.
 */
class PlainManifestsTest {

    private static final Path MANIFEST = K8sTools.ROOT.resolve("deploy/kubernetes/event-router-k8s.yaml");

    @TempDir
    static Path dir;
    private static K8sTools tools;

    @BeforeAll
    static void tools() throws Exception {
        tools = K8sTools.install();
    }

    @Test
    void theManifestPassesTheKubernetesSchemas() throws Exception {
        Command.Result check = tools.validate(Files.readString(MANIFEST));
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output().lines()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vcenter-knative.yaml", "webhook-knative.yaml", "horizon-knative.yaml"})
    void theDocumentedStepsGiveValidObjectsThatFitTogether(String example) throws Exception {
        // kubectl comes with the Google Cloud CLI on some machines; neither Debian's archive nor npm has it, so where
        // it is absent this test reports itself skipped (the schema check above runs everywhere).
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
        // "save it as event-router-config.yaml in your current working directory"
        Path work = Files.createDirectories(dir.resolve(example));
        Files.copy(K8sTools.ROOT.resolve("examples/configs").resolve(example), work.resolve("event-router-config.yaml"));
        String namespace = kubectl(work, "create", "namespace", "vmware");
        String secret = kubectl(work, "-n", "vmware", "create", "secret", "generic", "event-router-config",
                "--from-file=event-router-config.yaml");
        String binding = kubectl(work, "create", "clusterrolebinding", "veba-addressable-resolver",
                "--clusterrole=addressable-resolver", "--serviceaccount=vmware:vmware-event-router");
        String manifest = Files.readString(MANIFEST);

        Command.Result check = tools.validate(String.join("\n---\n", namespace, secret, binding, manifest));
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output().lines()).hasSize(6);

        List<JsonNode> objects = K8sTools.documents(manifest);
        JsonNode pod = objects.stream().filter(o -> o.get("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow().at("/spec/template/spec");
        JsonNode secretObject = K8sTools.parse(secret);
        assertThat(pod.findValuesAsText("secretName")).containsExactly(secretObject.at("/metadata/name").asText());
        List<String> args = new ArrayList<>();
        pod.at("/containers/0/args").forEach(arg -> args.add(arg.asText()));
        String configPath = args.get(args.indexOf("-config") + 1);
        assertThat(configPath).isEqualTo(pod.at("/containers/0/volumeMounts/0/mountPath").asText()
                + secretObject.get("data").fieldNames().next());
        assertThat(pod.get("serviceAccountName").asText())
                .isEqualTo(K8sTools.parse(binding).at("/subjects/0/name").asText());

        // The file as the container reads it from the Secret volume.
        Path mounted = work.resolve("mounted.yaml");
        Files.write(mounted, Base64.getDecoder().decode(secretObject.at("/data/event-router-config.yaml").asText()));
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute("validate", "--config", mounted.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(mounted, StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(work.resolve("event-router-config.yaml")));
    }

    /** kubectl with a client-side dry run, printing the object; an empty kubeconfig, so no server is ever asked. */
    private static String kubectl(Path workingDirectory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl"));
        command.addAll(List.of(args));
        command.addAll(List.of("--dry-run=client", "-o", "yaml"));
        Path kubeconfig = dir.resolve("empty-kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
        }
        return Command.run(command, null, Map.of("KUBECONFIG", kubeconfig.toString()), workingDirectory)
                .orFail(command);
    }
}
