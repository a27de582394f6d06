package io.eventrouter.systemtests.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.systemtests.Command;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 7: the chart's default image is the one the build makes — {@code ContainerImageTest} loads that very
 * image ({@link #BUILT_IMAGE}) into podman and runs it — and the original chart's values, whose repositories hold the
 * original router, render this image too, with a pull policy that can start it. A user's own image is kept.
 */
public class Item7ChartImageTest {

    /** The image name Jib gives the build's image (app/pom.xml, {@code image.name}). */
    public static final String BUILT_IMAGE = "localhost/event-router:" + System.getProperty("project.version");

    private static K8sTools tools;

    @BeforeAll
    static void tools() throws Exception {
        tools = K8sTools.install();
    }

    private static JsonNode container(String... set) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "veba", HelmChartTest.CHART.toString(),
                "--namespace", "vmware"));
        args.addAll(List.of(set));
        Command.Result rendered = tools.helm(args.toArray(String[]::new));
        String output = rendered.orFail(args);
        return K8sTools.documents(output).stream().filter(o -> o.path("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow().at("/spec/template/spec/containers/0");
    }

    @Test
    void item7_theDefaultImageIsTheOneTheBuildMakes() throws Exception {
        assertThat(System.getProperty("project.version")).isNotBlank();
        JsonNode container = container();

        assertThat(container.path("image").asText()).isEqualTo(BUILT_IMAGE);
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    }

    @Test
    void item7_theOriginalsValuesRenderThisRoutersImage() throws Exception {
        JsonNode container = container("--values",
                HelmChartTest.CHART.resolve("ci/original-image-values.yaml").toString());
        assertThat(container.path("image").asText()).isEqualTo(BUILT_IMAGE);
        assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");

        // v0.5's repository, with the original chart's --set
        assertThat(container("--set", "image.repository=vmware/veba-event-router").path("image").asText())
                .isEqualTo(BUILT_IMAGE);
    }

    @Test
    void item7_aUsersOwnImageIsKept() throws Exception {
        JsonNode own = container("--set", "image.repository=registry.corp.local/event-router",
                "--set", "image.tag=1.2.3", "--set", "image.pullPolicy=Always");
        assertThat(own.path("image").asText()).isEqualTo("registry.corp.local/event-router:1.2.3");
        assertThat(own.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(container("--set", "image.fullImage=registry.corp.local/router:7").path("image").asText())
                .isEqualTo("registry.corp.local/router:7");
        assertThat(container("--set", "image.pullPolicy=Never").path("imagePullPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void item7_thePlainManifestsNameTheSameImage() throws Exception {
        String manifests = Files.readString(K8sTools.ROOT.resolve("deploy/kubernetes/event-router-k8s.yaml"));
        JsonNode deployment = K8sTools.documents(manifests).stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText()).isEqualTo(BUILT_IMAGE);
    }
}
