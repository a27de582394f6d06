package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.eventrouter.vsphere.vim25.XmlElement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Our JSON of every event of a vcsim against govmomi's own (evjson), parsed. */
class GovmomiGoldenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static Vcsim vcsim;

    @BeforeAll
    static void startSimulator() throws Exception {
        vcsim = Vcsim.builder().start();
        io.eventrouter.vsphere.VcsimHistory.generate(vcsim);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        vcsim.close();
    }

    @Test
    void everyEventEqualsGovmomisJson() throws Exception {
        Map<Integer, JsonNode> expected = new LinkedHashMap<>();
        Map<Integer, String> classes = new LinkedHashMap<>();
        for (String line : vcsim.evjson()) {
            JsonNode node = MAPPER.readTree(line);
            expected.put(node.path("event").path("Key").asInt(), node.path("event"));
            classes.put(node.path("event").path("Key").asInt(), node.path("eventType").asText());
        }
        Map<Integer, JsonNode> actual = new LinkedHashMap<>();
        EventDecoder decoder = EventDecoder.bundled();
        for (XmlElement element : readAll()) { // read after evjson: also sees evjson's logout and our own login
            VimEvent event = decoder.decode(element);
            if (expected.containsKey(event.key())) {
                assertThat(event.className()).isEqualTo(classes.get(event.key()));
                actual.put(event.key(), MAPPER.readTree(event.data()));
            }
        }

        assertThat(expected).hasSizeGreaterThanOrEqualTo(40);
        assertThat(new TreeSet<>(classes.values())).hasSizeGreaterThanOrEqualTo(15)
                .contains("EventEx", "ExtendedEvent", "VmPoweredOffEvent", "VmReconfiguredEvent", "TaskEvent");
        List<String> differences = new ArrayList<>();
        expected.forEach((key, json) -> {
            if (!json.equals(actual.get(key))) {
                differences.add(key + " " + classes.get(key) + "\n  govmomi: " + json + "\n  ours:    " + actual.get(key));
            }
        });
        assertThat(differences).isEmpty();
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        LoggerFactory.getLogger(GovmomiGoldenTest.class).info("{} events of {} classes equal govmomi's JSON: {}",
                expected.size(), new TreeSet<>(classes.values()).size(), new TreeSet<>(classes.values()));
    }

    private static List<XmlElement> readAll() throws Exception {
        try (VimClient client = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                Duration.ofSeconds(5), Duration.ofSeconds(30), new SimpleMeterRegistry())) {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            List<XmlElement> all = client.readAllEvents(content, Instant.EPOCH);
            client.logout(content.sessionManager());
            return all;
        }
    }
}
