package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/events} is what the router makes of vcsim's events now: the samples are made again (see
 * {@link SampleEvents}) and every committed file must have the same attributes and the same data fields with the
 * same JSON types; ids, times and values may differ. {@code -Dsamples.update=true} rewrites the files instead.
 */
class SampleEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Attributes whose values are part of the sample, not of the run. */
    private static final Set<String> KEPT = Set.of("specversion", "type", "subject", "datacontenttype", "eventclass",
            "vsphereapiversion", "EventTypeId");
    private static final Path ROOT = ConfigSections.projectRoot();
    private static Map<String, Map<String, String>> fresh;

    @BeforeAll
    static void generate() throws Exception {
        fresh = SampleEvents.generate();
        if (Boolean.getBoolean("samples.update")) {
            SampleEvents.write(ROOT, fresh);
        }
    }

    @Test
    void theCommittedSamplesHaveTheShapeOfWhatTheRouterMakesNow() throws Exception {
        for (String format : SampleEvents.FORMATS) {
            Path dir = ROOT.resolve(SampleEvents.DIRECTORY).resolve(format);
            assertThat(names(dir)).as(format).containsExactlyInAnyOrderElementsOf(fresh.get(format).keySet());
            for (var file : fresh.get(format).entrySet()) {
                JsonNode committed = JSON.readTree(dir.resolve(file.getKey()).toFile());
                assertThat(shape(committed)).as(format + "/" + file.getKey())
                        .isEqualTo(shape(JSON.readTree(file.getValue())));
            }
        }
    }

    @Test
    void theSamplesAreNormalisedAsTheirReadmeSays() throws Exception {
        JsonNode login = JSON.readTree(fresh.get("vsphere").get("UserLoginSessionEvent.json"));
        assertThat(login.path("source").asText()).isEqualTo(SampleEvents.SOURCE);
        assertThat(login.path("type").asText()).isEqualTo("com.vmware.vsphere.UserLoginSessionEvent.v0");
        assertThat(login.path("data").path("SessionId").asText()).isEqualTo(SampleEvents.SESSION_ID);
        assertThat(login.path("data").path("UserAgent").asText()).startsWith("govc/");
        JsonNode eventEx = JSON.readTree(fresh.get("router").get("EventEx.json"));
        assertThat(eventEx.path("type").asText()).isEqualTo("com.vmware.event.router/eventex");
        assertThat(eventEx.path("time").asText()).startsWith("2024-06-03T09:");
        assertThat(eventEx.path("data").path("CreatedTime").asText()).isEqualTo(eventEx.path("time").asText());
        assertThat(Files.readString(ROOT.resolve("examples/events/README.md")))
                .contains(SampleEvents.SOURCE, SampleEvents.BASE_TIME, "SessionId");
    }

    @Test
    void everyCommittedSampleCanBeSentToAFunction() throws Exception {
        List<String> files = new ArrayList<>();
        for (String format : SampleEvents.FORMATS) {
            Path dir = ROOT.resolve(SampleEvents.DIRECTORY).resolve(format);
            names(dir).forEach(name -> files.add(dir.resolve(name).toString()));
        }
        try (CloudEventsReceiver function = CloudEventsReceiver.start()) {
            List<String> args = new ArrayList<>(List.of("send", "--to", function.uri().toString()));
            args.addAll(files);
            CommandRunner.Result sent = CommandRunner.run(args.toArray(String[]::new));
            assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
            assertThat(function.events()).hasSize(2 * SampleEvents.CLASSES.size());
            assertThat(function.unparsable()).isEmpty();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .toList();
        }
    }

    /** The JSON with each value replaced by its type, except the values in {@link #KEPT}. */
    private static JsonNode shape(JsonNode node) {
        if (node.isObject()) {
            ObjectNode shape = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> shape.set(field.getKey(), KEPT.contains(field.getKey())
                    ? field.getValue() : shape(field.getValue())));
            return shape;
        }
        if (node.isArray()) {
            ArrayNode shape = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> shape.add(shape(item)));
            return shape;
        }
        return JsonNodeFactory.instance.textNode("<" + node.getNodeType().name().toLowerCase() + ">");
    }
}
