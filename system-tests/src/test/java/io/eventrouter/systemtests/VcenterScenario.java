package io.eventrouter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A real vcsim, the router as a child process reading it with checkpoints, and a CloudEvents receiver: the setting
 * of the fault tests. Events are GeneralUserEvents posted with unique messages, so what must arrive is known exactly.
 */
final class VcenterScenario implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Replaced by {@link #restartVcsim()}, so that {@link #close()} stops the simulator that runs. */
    Vcsim vcsim;
    final Path dir;
    final int metricsPort = FreePorts.next();
    final int receiverPort = FreePorts.next();
    final Path deadLetters;
    CloudEventsReceiver receiver;
    RouterProcess router;
    private final List<CloudEventsReceiver> formerReceivers = new ArrayList<>();

    VcenterScenario(Path dir, String name, String delivery) throws IOException, InterruptedException {
        this.dir = dir;
        this.deadLetters = dir.resolve("dead-letters");
        this.vcsim = Vcsim.builder().plainHttp().start();
        this.receiver = CloudEventsReceiver.start(receiverPort, true);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata: {name: %s}
                eventProvider:
                  type: vcenter
                  name: vc
                  vcenter:
                    address: %s
                    insecureSSL: true
                    checkpoint: true
                    checkpointDir: %s
                    reconnectBackoffMax: 2s
                    auth: {type: basic_auth, basicAuth: {username: %s, password: %s}}
                eventProcessor:
                  type: knative
                  name: receiver
                  knative:
                    encoding: binary
                    destination: {uri: "http://127.0.0.1:%d/"}
                  delivery:
                %s
                    deadLetterSink: {directory: %s}
                metricsProvider:
                  type: default
                  default: {bindAddress: "127.0.0.1:%d"}
                """.formatted(name, vcsim.sdkUrl(), dir.resolve("checkpoints"), vcsim.username(), vcsim.password(),
                receiverPort, delivery.indent(4).stripTrailing(), deadLetters, metricsPort));
        this.router = new RouterProcess(config, metricsPort, name);
    }

    /** Events with messages {@code <prefix>-<from>} … {@code <prefix>-<to - 1>}. */
    static List<EventPoster.PostableEvent> events(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(n -> EventPoster.generalUserEvent(prefix + "-" + n)).toList();
    }

    static Set<String> messages(String prefix, int from, int to) {
        Set<String> expected = new HashSet<>();
        IntStream.range(from, to).forEach(n -> expected.add(prefix + "-" + n));
        return expected;
    }

    /** Replaces the receiver by a new one on the same port (the old one's events are kept). */
    void restartReceiver() throws IOException {
        receiver = CloudEventsReceiver.start(receiverPort, true);
    }

    void stopReceiver() {
        receiver.close();
        formerReceivers.add(receiver);
    }

    /** Every event received so far, by every receiver this scenario had. */
    List<CloudEvent> received() {
        List<CloudEvent> all = new ArrayList<>();
        formerReceivers.forEach(r -> all.addAll(r.events()));
        if (!formerReceivers.contains(receiver)) {
            all.addAll(receiver.events());
        }
        return all;
    }

    /** The posted messages that arrived (GeneralUserEvent.Message). */
    Set<String> arrivedMessages() {
        Set<String> messages = new HashSet<>();
        for (CloudEvent event : received()) {
            JsonNode data = data(event);
            if (data.has("Message")) {
                messages.add(data.get("Message").asText());
            }
        }
        return messages;
    }

    /** How many times each vCenter event key arrived. */
    Map<Long, Integer> keyCounts() {
        Map<Long, Integer> counts = new HashMap<>();
        for (CloudEvent event : received()) {
            counts.merge(data(event).path("Key").asLong(), 1, Integer::sum);
        }
        return counts;
    }

    static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh vcsim on the same port after {@link Vcsim#kill()}: the one {@link #close()} then stops. */
    void restartVcsim() throws IOException, InterruptedException {
        vcsim = vcsim.restart();
    }

    EventPoster poster() throws IOException, InterruptedException {
        return vcsim.eventPoster();
    }

    @Override
    public void close() throws InterruptedException {
        router.close();
        receiver.close();
        vcsim.close();
    }
}
