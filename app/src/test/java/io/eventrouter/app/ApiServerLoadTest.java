package io.eventrouter.app;

import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.ha.ApiServerLoad;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.eventrouter.spi.ConnectorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API-server load of highAvailability with its default periods: 500 vCenters on 10 replicas stay within the
 * budget the README states (the earlier defaults, a 2 s retry period and checkpoints every second, sent about 1,010
 * requests a second), and the README's table is computed from the defaults.
 */
class ApiServerLoadTest {

    static final String BEGIN = "<!-- api-server-load: begin (generated) -->\n";
    static final String END = "<!-- api-server-load: end -->";
    /**
     * What the README promises for 500 vCenters × 10 replicas: writes a third of the node heartbeats of the largest
     * supported cluster (500 a second), and all requests together about half of them.
     */
    static final double BUDGET_PER_SECOND = 300;
    static final double WRITE_BUDGET_PER_SECOND = 200;

    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheDocumentedOnes() throws Exception {
        HighAvailabilitySettings settings = defaults();
        assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.retryPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void fiveHundredVcentersOnTenReplicasStayWithinTheBudget() throws Exception {
        ApiServerLoad load = ApiServerLoad.of(500, 10, defaults());
        assertThat(load.providerRenewals()).isEqualTo(100);
        assertThat(load.checkpointWrites()).isEqualTo(50);
        assertThat(load.providerReads()).isEqualTo(100);
        assertThat(load.writes()).isEqualTo(152).isLessThanOrEqualTo(WRITE_BUDGET_PER_SECOND);
        assertThat(load.total()).isEqualTo(254).isLessThanOrEqualTo(BUDGET_PER_SECOND);
        assertThat(previousDefaults().total()).as("the earlier defaults").isEqualTo(1010);
    }

    @Test
    void theReadmeTableIsComputedFromTheDefaults() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the api-server-load markers").isPositive();
        assertThat(end).isGreaterThan(begin);
        HighAvailabilitySettings settings = defaults();
        String table = ApiServerLoad.table(List.of(
                new ApiServerLoad.Column("500 vCenters × 10 replicas", ApiServerLoad.of(500, 10, settings)),
                new ApiServerLoad.Column("the same, 2 s retry, checkpoints every 1 s", previousDefaults()),
                new ApiServerLoad.Column("60 vCenters × 3 replicas", ApiServerLoad.of(60, 3, settings))));
        assertThat(readme.substring(begin + BEGIN.length(), end).strip())
                .as("README.md's API-server load table is stale: paste this between the markers:%n%s", table)
                .isEqualTo(table.strip());
    }

    /** retryPeriod 2 s, checkpoints rewritten every second (the vCenter provider's own interval). */
    private static ApiServerLoad previousDefaults() {
        return new ApiServerLoad(500, 10, Duration.ofSeconds(2), ApiServerLoad.PROVIDER_CHECKPOINT_INTERVAL);
    }

    private HighAvailabilitySettings defaults() throws Exception {
        Path file = dir.resolve("ha.yaml");
        Files.writeString(file, """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: defaults}
                eventProviders:
                  - {type: webhook, name: hook, webhook: {bindAddress: "127.0.0.1:0"}}
                eventProcessors:
                  - {type: knative, name: sink, knative: {destination: {uri: "http://127.0.0.1:1/"}}}
                highAvailability: {}
                """);
        return new ConfigLoader(ConnectorRegistry.load(), References.system()).load(file).plan().highAvailability();
    }
}
