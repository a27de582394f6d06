package io.eventrouter.app;

import io.eventrouter.config.file.DeliveryDefaultsTable;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.spi.EventProcessorFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's table of delivery defaults is what the processor types declare (it had drifted from the code). */
class ReadmeDeliveryDefaultsTest {

    static final String BEGIN = "<!-- delivery-defaults: begin (generated) -->\n";
    static final String END = "<!-- delivery-defaults: end -->";

    @Test
    void theReadmeTableEqualsTheDeclaredDefaults() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("project.root", "..")).resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the delivery defaults markers").isPositive();
        assertThat(end).isGreaterThan(begin);
        List<EventProcessorFactory<?>> types = ConnectorRegistry.load().processors().stream()
                .sorted(Comparator.comparing(EventProcessorFactory::type)).<EventProcessorFactory<?>>map(f -> f)
                .toList();
        assertThat(types).extracting(EventProcessorFactory::type)
                .containsExactly("aws_event_bridge", "kafka", "knative", "openfaas");

        assertThat(readme.substring(begin + BEGIN.length(), end).strip())
                .as("README.md's delivery defaults are stale: paste DeliveryDefaultsTable's table between the markers")
                .isEqualTo(DeliveryDefaultsTable.table(types).strip());
    }
}
