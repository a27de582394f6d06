package io.eventrouter.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.app.Main;
import io.eventrouter.systemtests.Command;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart (deploy/helm/event-router) with its defaults and every value set in its ci/ directory (the
 * original chart's values for vcenter to knative, webhook, openfaas; high availability; a whole config file; TLS):
 * {@code helm lint --strict}, {@code helm template}, the rendered objects checked against the Kubernetes schemas,
 * and the rendered configuration file accepted by the router's own {@code validate}.
 */
class HelmChartTest {

    static final Path CHART = K8sTools.ROOT.resolve("deploy/helm/event-router");

    @TempDir
    static Path dir;
    private static K8sTools tools;

    @BeforeAll
    static void tools() throws Exception {
        tools = K8sTools.install();
    }

    /** "defaults" (no values file) and each file in ci/. */
    static Stream<String> valueSets() throws IOException {
        List<String> sets = new ArrayList<>(List.of("defaults"));
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(sets::add);
        }
        return sets.stream();
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void lintsStrictly(String values) throws Exception {
        List<String> args = new ArrayList<>(List.of("lint", "--strict", CHART.toString()));
        args.addAll(valuesArgs(values));
        Command.Result lint = tools.helm(args.toArray(String[]::new));
        assertThat(lint.code()).as(lint.output()).isZero();
        assertThat(lint.output()).contains("0 chart(s) failed");
    }

    @ParameterizedTest
    @MethodSource("valueSets")
    void rendersObjectsTheKubernetesSchemasAccept(String values) throws Exception {
        Command.Result check = tools.validate(render(values));
        assertThat(check.code()).as(check.output()).isZero();
        assertThat(check.output()).containsPattern("ok apps/v1 (Deployment|StatefulSet)/veba-event-router")
                .doesNotContain("invalid");
    }

    /** TLS is left out: its configuration names certificate files that exist only in the pod. */
    @ParameterizedTest
    @MethodSource("valueSets")
    void rendersAConfigurationTheRouterAccepts(String values) throws Exception {
        if (values.equals("tls-values.yaml")) {
            return;
        }
        Path config = dir.resolve(values + ".config.yaml");
        Files.writeString(config, configOf(render(values)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("validate", "--config", config.toString());
        assertThat(code).as(err + "\n" + Files.readString(config)).isZero();
        assertThat(out.toString()).contains("valid");
    }

    @Test
    void defaultsAreHardenedProbedAndTheOriginalsLayout() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("defaults"));
        JsonNode deployment = only(objects, "Deployment");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("metrics");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8082);
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("224Mi");
        // The original's arguments and mount point.
        assertThat(container.get("args").toString())
                .isEqualTo("[\"-config\",\"/etc/vmware-event-router/config.yaml\",\"-log-level\",\"info\","
                        + "\"--shutdown-grace\",\"20s\"]");
        assertThat(pod.get("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(pod.has("topologySpreadConstraints")).as("one replica: nothing to spread").isFalse();
        assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/etc/vmware-event-router/");
        assertThat(pod.get("serviceAccountName").asText()).isEqualTo("vmware-event-router");
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(pod.get("volumes").findValuesAsText("claimName")).isEmpty();
        assertThat(objects).extracting(o -> o.get("kind").asText())
                .containsExactlyInAnyOrder("ServiceAccount", "Secret", "Service", "Deployment");
        JsonNode config = K8sTools.parse(configOf(render("defaults")));
        assertThat(config.at("/eventProvider/type").asText()).isEqualTo("vcenter");
        assertThat(config.at("/eventProcessor/openfaas/auth/basicAuth/password").asText()).isEqualTo("ReplaceMe");
        assertThat(config.at("/eventProvider/vcenter/checkpoint").asBoolean()).isFalse();
    }

    @Test
    void originalValuesForKnativeGetARoleForTheBrokerAndKeepTheirPassword() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("vcenter-knative-values.yaml"));
        JsonNode role = only(objects, "Role");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo("vmware-functions");
        assertThat(role.at("/rules/0/apiGroups/0").asText()).isEqualTo("eventing.knative.dev");
        assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("brokers");
        assertThat(role.at("/rules/0/verbs").toString()).isEqualTo("[\"get\",\"list\",\"watch\"]");
        assertThat(only(objects, "RoleBinding").at("/subjects/0/namespace").asText()).isEqualTo("vmware");
        JsonNode config = K8sTools.parse(configOf(render("vcenter-knative-values.yaml")));
        assertThat(config.at("/eventProvider/vcenter/auth/basicAuth/password").asText())
                .isEqualTo("p@ss: w0rd \"quoted\" # not a comment");
        assertThat(config.at("/eventProcessor/knative/destination/ref/kind").asText()).isEqualTo("Broker");
    }

    @Test
    void highAvailabilityElectsThroughLeasesWithCheckpointsInConfigMaps() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("ha-values.yaml"));
        JsonNode deployment = only(objects, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/template/spec/containers/0/env").findValuesAsText("name"))
                .contains("POD_NAME", "POD_NAMESPACE");
        JsonNode haRole = objects.stream().filter(o -> o.get("kind").asText().equals("Role")
                && o.at("/metadata/name").asText().endsWith("-ha")).findFirst().orElseThrow();
        assertThat(haRole.toString()).contains("leases").contains("configmaps").contains("patch");
        assertThat(only(objects, "ServiceMonitor").at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
        JsonNode config = K8sTools.parse(configOf(render("ha-values.yaml")));
        assertThat(config.at("/highAvailability/name").asText()).isEqualTo("veba-event-router");
        assertThat(config.at("/highAvailability/leaseDuration").asText()).isEqualTo("25s");
        assertThat(config.at("/highAvailability/checkpointInterval").asText()).isEqualTo("10s");
        assertThat(config.at("/eventProvider/vcenter/checkpoint").asBoolean()).isTrue();
        assertThat(only(objects, "PodDisruptionBudget").at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        JsonNode spread = deployment.at("/spec/template/spec/topologySpreadConstraints");
        assertThat(spread.findValuesAsText("topologyKey")).as("the values' own constraints")
                .containsExactly("kubernetes.io/hostname");
    }

    /**
     * Webhook replicas with a journal each on a volume of their own: a StatefulSet whose volumeClaimTemplate gives a
     * replaced pod its predecessor's journal, a grace period longer than the router's, spread over nodes and zones,
     * evicted one at a time.
     */
    @Test
    void webhookJournalsLiveOnAVolumePerPod() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("webhook-journal-values.yaml"));
        assertThat(objects).extracting(o -> o.get("kind").asText()).contains("StatefulSet", "PodDisruptionBudget")
                .doesNotContain("Deployment", "PersistentVolumeClaim");
        JsonNode set = only(objects, "StatefulSet");
        assertThat(set.at("/spec/serviceName").asText()).isEqualTo("veba-event-router");
        assertThat(set.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("state");
        assertThat(set.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText()).isEqualTo("200Mi");
        JsonNode pod = set.at("/spec/template/spec");
        assertThat(pod.get("volumes").findValuesAsText("name")).doesNotContain("state");
        assertThat(pod.at("/containers/0/volumeMounts").toString()).contains("\"name\":\"state\"")
                .contains("/var/lib/event-router");
        assertThat(pod.get("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(pod.at("/containers/0/args").toString()).contains("\"--shutdown-grace\",\"20s\"");
        JsonNode spread = pod.get("topologySpreadConstraints");
        assertThat(spread.findValuesAsText("topologyKey"))
                .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        assertThat(spread.findValuesAsText("whenUnsatisfiable")).containsOnly("ScheduleAnyway");
        assertThat(spread.get(0).at("/labelSelector/matchLabels"))
                .isEqualTo(set.at("/spec/selector/matchLabels"));
        JsonNode budget = only(objects, "PodDisruptionBudget");
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(set.at("/spec/selector/matchLabels"));
        JsonNode config = K8sTools.parse(configOf(render("webhook-journal-values.yaml")));
        assertThat(config.at("/eventProvider/webhook/journal/directory").asText()).isEqualTo("webhook-journal");
        assertThat(config.at("/eventProvider/webhook/journal/maxBytes").asLong()).isEqualTo(134217728L);
    }

    @Test
    void theWebhookIsPublishedWhenItIsTheProvider() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("webhook-values.yaml"));
        assertThat(only(objects, "Service").get("spec").get("ports").findValuesAsText("name"))
                .containsExactly("metrics", "webhook");
        assertThat(only(objects, "Deployment").at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode config = K8sTools.parse(configOf(render("webhook-values.yaml")));
        assertThat(config.at("/eventProvider/webhook/bindAddress").asText()).isEqualTo("0.0.0.0:8080");
        assertThat(config.at("/eventProvider/webhook/auth/basicAuth/username").asText()).isEqualTo("sender");
        assertThat(config.at("/metricsProvider/default/viewer/enabled").asBoolean()).isFalse();
    }

    @Test
    void aWholeConfigFileIsMountedAsGiven() throws Exception {
        String file = K8sTools.parse(Files.readString(CHART.resolve("ci/config-file-values.yaml")))
                .at("/eventrouter/config/file").asText();
        List<JsonNode> objects = K8sTools.documents(render("config-file-values.yaml"));
        assertThat(configOf(render("config-file-values.yaml"))).isEqualTo(file);
        JsonNode role = only(objects, "Role");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo("vmware-functions");
        assertThat(role.at("/rules/0/apiGroups/0").asText()).isEqualTo("serving.knative.dev");
        assertThat(role.at("/rules/0/resources/0").asText()).isEqualTo("services");
    }

    @Test
    void tlsServesHttpsProbesAndCanBindTheOriginalsClusterRole() throws Exception {
        List<JsonNode> objects = K8sTools.documents(render("tls-values.yaml"));
        JsonNode container = only(objects, "Deployment").at("/spec/template/spec/containers/0");
        assertThat(container.at("/readinessProbe/httpGet/scheme").asText()).isEqualTo("HTTPS");
        assertThat(only(objects, "ClusterRoleBinding").at("/roleRef/name").asText()).isEqualTo("addressable-resolver");
        assertThat(only(objects, "ServiceMonitor").at("/spec/endpoints/0/scheme").asText()).isEqualTo("https");
        JsonNode config = K8sTools.parse(configOf(render("tls-values.yaml")));
        assertThat(config.at("/metricsProvider/default/tls/certFile").asText()).isEqualTo("/etc/event-router/tls/tls.crt");
        assertThat(config.at("/eventProvider/webhook/tls/keyFile").asText()).isEqualTo("/etc/event-router/tls/tls.key");
    }

    @Test
    void refusesValuesThatWouldDeliverTwiceOrCannotWork() throws Exception {
        assertThat(failure("--set", "replicaCount=2")).contains("set highAvailability.enabled=true");
        assertThat(failure("--set", "highAvailability.enabled=true", "--set", "replicaCount=2", "--set",
                "eventrouter.config.file=apiVersion: eventrouter.io/v1")).contains("its own highAvailability section");
        assertThat(failure("--set", "highAvailability.enabled=true", "--set", "highAvailability.checkpoints=directory"))
                .contains("ReadWriteMany");
        assertThat(failure("--set", "eventrouter.eventProvider=vcsim")).contains("use vcenter, horizon or webhook");
        assertThat(failure("--set", "terminationGracePeriodSeconds=20"))
                .contains("terminationGracePeriodSeconds 20 must be at least shutdownGraceSeconds 20 + 5");
        assertThat(failure("--set", "persistence.perPod=true", "--set", "persistence.existingClaim=mine"))
                .contains("set only one of them");
        assertThat(failure("--set", "highAvailability.enabled=true", "--set", "highAvailability.checkpoints=directory",
                "--set", "persistence.enabled=true", "--set", "persistence.accessModes={ReadWriteMany}",
                "--set", "persistence.perPod=true")).contains("use checkpoints=configMap");
    }

    private String failure(String... set) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "veba", CHART.toString(), "--namespace", "vmware"));
        args.addAll(List.of(set));
        Command.Result result = tools.helm(args.toArray(String[]::new));
        assertThat(result.code()).as(result.output()).isNotZero();
        return result.output();
    }

    /** {@code helm template veba ... --namespace vmware}, as the original's documentation installed it. */
    private String render(String values) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "veba", CHART.toString(), "--namespace", "vmware"));
        args.addAll(valuesArgs(values));
        return tools.helm(args.toArray(String[]::new)).orFail(args);
    }

    private static List<String> valuesArgs(String values) {
        return values.equals("defaults") ? List.of() : List.of("--values", CHART.resolve("ci").resolve(values).toString());
    }

    /** The configuration file in the rendered Secret. */
    private static String configOf(String rendered) throws IOException {
        JsonNode secret = only(K8sTools.documents(rendered), "Secret");
        return new String(Base64.getDecoder().decode(secret.at("/data/config.yaml").asText()), StandardCharsets.UTF_8);
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> matching = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        assertThat(matching).as(kind).hasSize(1);
        return matching.getFirst();
    }
}
