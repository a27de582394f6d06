package io.eventrouter.vsphere;

import io.eventrouter.http.ClientTls;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import io.eventrouter.vsphere.vim25.ManagedObjectReference;
import io.eventrouter.vsphere.vim25.ServiceContent;
import io.eventrouter.vsphere.vim25.VimClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.eventrouter.vsphere.VCenterStallTest.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another client of the same vCenter (a second router, govc, a monitoring tool) long-polling WaitForUpdatesEx at the
 * same time must not delay the router's wake-ups: govmomi 0.56's simulator serves every session's calls on the
 * service content's PropertyCollector from one object, so the two callers took each other's updates and the router
 * slept until its maxWait ran out. Each event here must arrive well inside the router's one-minute maxWait.
 */
class VCenterOtherSessionTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"newer", "older"})
    void anotherSessionWaitingForUpdatesDoesNotDelayTheRouter(String which) throws Exception {
        Path simulator = which.equals("newer") ? Vcsim.NEWER : null;
        Vcsim.Builder builder = Vcsim.builder();
        if (simulator != null) {
            builder.simulator(simulator);
        }
        try (Vcsim vcsim = builder.start(); EventPoster poster = vcsim.eventPoster();
             VimClient other = new VimClient(vcsim.sdkUrl(), ClientTls.systemDefault().context(true),
                     Duration.ofSeconds(5), Duration.ofSeconds(30), new SimpleMeterRegistry())) {
            ProviderHarness.Config config = new ProviderHarness.Config(vcsim.sdkUrl(), vcsim.username(),
                    vcsim.password());
            config.maxWait = Duration.ofMinutes(1);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> harness.health.up);
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger otherWakeUps = new AtomicInteger();
                AtomicReference<Exception> otherFailed = new AtomicReference<>();
                Thread watcher = Thread.ofVirtual().start(() -> watch(other, vcsim, stop, otherWakeUps, otherFailed));
                try {
                    // its first call answers at once with the filter's current state
                    await().atMost(Duration.ofSeconds(10)).until(() -> otherWakeUps.get() > 0
                            || otherFailed.get() != null);
                    assertThat(otherFailed.get()).isNull();
                    for (int i = 0; i < 5; i++) {
                        String message = "while another session waits " + i;
                        poster.post(EventPoster.generalUserEvent(message));
                        await().atMost(Duration.ofSeconds(15)).until(() -> messages(harness).contains(message));
                    }
                    assertThat(otherWakeUps.get()).as("the other session was woken too").isGreaterThan(1);
                } finally {
                    stop.set(true);
                    watcher.interrupt();
                }
            }
        }
    }

    /** A second session tailing events the usual way, on the service content's PropertyCollector. */
    private static void watch(VimClient client, Vcsim vcsim, AtomicBoolean stop, AtomicInteger wakeUps,
                              AtomicReference<Exception> failed) {
        try {
            ServiceContent content = client.open(vcsim.username(), vcsim.password());
            ManagedObjectReference collector = client.createCollectorForEvents(content.eventManager(),
                    content.rootFolder(), client.currentTime());
            client.createFilter(content.propertyCollector(), collector, "latestPage");
            String version = "";
            while (!stop.get()) {
                var update = client.waitForUpdatesEx(content.propertyCollector(), version, 20);
                if (update.isPresent()) {
                    version = update.get();
                    wakeUps.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!stop.get()) {
                failed.set(e);
            }
        }
    }
}
