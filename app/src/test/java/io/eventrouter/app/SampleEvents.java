package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.eventrouter.app.quickstart.PrettyJson;
import io.eventrouter.app.quickstart.SimulatedActivity;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.vsphere.events.CloudEventConverter;
import io.eventrouter.vsphere.events.GoTime;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Makes {@code examples/events}: the router itself reads a vcsim in both formats (two vcenter providers, one processor
 * per format) while {@link SimulatedActivity#everyKind()} makes vCenter write one event of each sample class; what
 * the receivers get is normalised so that the files only change when the events do:
 * <ul>
 *   <li>{@code source} is {@value #SOURCE} (the simulator's port changes with every run); the {@code router} format's
 *       {@code id} is derived from it as the router derives it (UUID v3 of {@code <source>#<key>}); the
 *       {@code vsphere} format's is the key, which is stable as the simulator numbers its events from 1;</li>
 *   <li>{@code time} and {@code data.CreatedTime} are {@value #BASE_TIME} plus the key in seconds;</li>
 *   <li>{@code data.SessionId} of a login is {@value #SESSION_ID} (vcsim makes a random one).</li>
 * </ul>
 */
final class SampleEvents {

    static final Path DIRECTORY = Path.of("examples", "events");
    static final String SOURCE = "https://vcenter.example.com/sdk";
    static final String BASE_TIME = "2024-06-03T09:00:00Z";
    static final String SESSION_ID = "52b3c1d0-7e5f-4a2b-9c8d-1e2f3a4b5c6d";
    static final List<String> FORMATS = List.of("router", "vsphere");
    /** The sample classes; EventEx and ExtendedEvent files hold one example of any type id. */
    static final List<String> CLASSES = List.of("VmPoweredOnEvent", "VmPoweredOffEvent",
            "EnteredMaintenanceModeEvent", "ExitMaintenanceModeEvent", "AlarmStatusChangedEvent",
            "UserLoginSessionEvent", "EventEx", "ExtendedEvent");

    private SampleEvents() {
    }

    /** Format → file name → file content, made from a fresh simulator. */
    static Map<String, Map<String, String>> generate() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start();
             CloudEventsReceiver router = CloudEventsReceiver.start();
             CloudEventsReceiver vsphere = CloudEventsReceiver.start();
             RunningRouter running = RunningRouter.start(config(vcsim, router, vsphere))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> running.runtime.health().ready());
            // the activity logs in with govc only now, so that its UserLoginSessionEvent is read too
            try (SimulatedActivity activity = SimulatedActivity.on(vcsim)) {
                for (SimulatedActivity.Step step : activity.everyKind()) {
                    step.action().run();
                }
            }
            Map<String, Map<String, String>> files = new LinkedHashMap<>();
            files.put("router", samples(router));
            files.put("vsphere", samples(vsphere));
            return files;
        }
    }

    /**
     * Two providers on one simulator: vcsim 0.24 keeps one change handler for all sessions' property collectors, so
     * only the last session's WaitForUpdatesEx wakes up on new events; {@code maxWait: 1s} makes the other one read
     * every second (a real vCenter wakes both).
     */
    private static String config(Vcsim vcsim, CloudEventsReceiver router, CloudEventsReceiver vsphere) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata: {name: sample-events}
                eventProviders:
                """);
        for (String format : FORMATS) {
            yaml.append("""
                      - type: vcenter
                        name: vc-%s
                        vcenter:
                          address: %s
                          insecureSSL: true
                          format: %s
                          maxWait: 1s
                          auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                    """.formatted(format, vcsim.sdkUrl(), format, vcsim.username(), vcsim.password()));
        }
        yaml.append("eventProcessors:\n");
        yaml.append(processor("router", router, CloudEventConverter.ROUTER_TYPE_PREFIX));
        yaml.append(processor("vsphere", vsphere, "com.vmware.vsphere."));
        return yaml.append("metricsProvider: {default: {bindAddress: \"127.0.0.1:0\"}}\n").toString();
    }

    private static String processor(String format, CloudEventsReceiver receiver, String typePrefix) {
        return """
                  - type: knative
                    name: %s
                    knative: {destination: {uri: "%s"}}
                    filters:
                      - prefix: {type: "%s"}
                """.formatted(format, receiver.uri(), typePrefix);
    }

    /** The first event of each sample class (a login: govc's), normalised, once all have arrived. */
    private static Map<String, String> samples(CloudEventsReceiver receiver) {
        Map<String, String> files = new TreeMap<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            files.clear();
            for (CloudEvent event : receiver.events()) {
                String sampleClass = sampleClass(event);
                if (CLASSES.contains(sampleClass) && !files.containsKey(sampleClass + ".json") && wanted(event)) {
                    files.put(sampleClass + ".json", PrettyJson.of(normalised(event)) + "\n");
                }
            }
            assertThat(files.keySet()).as("samples among %s", receiver.events().stream()
                    .map(SampleEvents::sampleClass).toList()).containsExactlyInAnyOrderElementsOf(
                    CLASSES.stream().map(name -> name + ".json").toList());
        });
        return files;
    }

    /** The class a sample file is named after: the subject, or EventEx / ExtendedEvent for those. */
    static String sampleClass(CloudEvent event) {
        String category = event.getExtension(CloudEventConverter.EVENT_CLASS_EXTENSION) != null
                ? String.valueOf(event.getExtension(CloudEventConverter.EVENT_CLASS_EXTENSION))
                : event.getType().substring(event.getType().lastIndexOf('/') + 1);
        return switch (category) {
            case "eventex" -> "EventEx";
            case "extendedevent" -> "ExtendedEvent";
            default -> event.getSubject();
        };
    }

    /** Of the logins, govc's: the routers' own and the event poster's carry the JDK's version. */
    private static boolean wanted(CloudEvent event) {
        return !"UserLoginSessionEvent".equals(event.getSubject())
                || new String(event.getData().toBytes(), StandardCharsets.UTF_8).contains("\"UserAgent\":\"govc/");
    }

    static JsonNode normalised(CloudEvent event) {
        ObjectNode json = (ObjectNode) PrettyJson.tree(event);
        ObjectNode data = (ObjectNode) json.path("data");
        int key = data.path("Key").asInt();
        Instant time = Instant.parse(BASE_TIME).plusSeconds(key);
        json.put("source", SOURCE);
        if (event.getType().startsWith(CloudEventConverter.ROUTER_TYPE_PREFIX)) {
            json.put("id", UUID.nameUUIDFromBytes((SOURCE + "#" + key).getBytes(StandardCharsets.UTF_8)).toString());
        }
        json.put("time", time.toString());
        data.put("CreatedTime", GoTime.format(time));
        if (data.has("SessionId")) {
            data.put("SessionId", SESSION_ID);
        }
        return json;
    }

    /** Replaces {@code examples/events/<format>/} with {@code files}. */
    static void write(Path projectRoot, Map<String, Map<String, String>> files) throws Exception {
        for (var format : files.entrySet()) {
            Path dir = projectRoot.resolve(DIRECTORY).resolve(format.getKey());
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path file : old.filter(path -> path.toString().endsWith(".json")).toList()) {
                    Files.delete(file);
                }
            }
            for (var file : format.getValue().entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue());
            }
        }
    }
}
