package io.eventrouter.vsphere;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.eventrouter.vsphere.vim25.FakeVimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event the provider cannot convert is logged with its raw XML, counted as a provider error and passed over, so
 * the stream goes on; the page comes with vCenter's {@code xsi:} prefix, which vcsim never writes.
 */
class UnreadableEventTest {

    private static final String PAGE = """
            <ReadNextEventsResponse xmlns="urn:vim25">\
            <returnval xsi:type="VmPoweredOnEvent"><key>1</key><chainId>1</chainId>\
            <createdTime>2026-01-02T03:04:05.100Z</createdTime><userName>admin</userName>\
            <vm><name>vm-a</name><vm type="VirtualMachine">vm-1</vm></vm><template>false</template></returnval>\
            <returnval xsi:type="VmPoweredOffEvent"><key>2</key><chainId>abc</chainId>\
            <createdTime>2026-01-02T03:04:05.200Z</createdTime><userName>admin</userName></returnval>\
            <returnval xsi:type="VmRenamedEvent"><key>3</key><chainId>3</chainId>\
            <createdTime>2026-01-02T03:04:05.300+02:00</createdTime><userName>admin</userName>\
            <template>false</template><oldName>a</oldName><newName>b</newName></returnval>\
            </ReadNextEventsResponse>""";

    @TempDir
    Path temp;

    @Test
    void logsCountsAndPassesOverAnUnconvertibleEvent() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(VCenterReader.class)).addAppender(log);
        try (FakeVimServer server = new FakeVimServer().loginAndCollector()) {
            server.on("ReadNextEvents", request -> server.calls("ReadNextEvents") == 1 ? PAGE
                    : "<ReadNextEventsResponse xmlns=\"urn:vim25\"/>");
            ProviderHarness.Config config = new ProviderHarness.Config(server.sdkUrl(), "admin", "secret")
                    .checkpoints(temp);
            try (ProviderHarness harness = new ProviderHarness(config.build())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> harness.processor.delivered.size() == 2);
                assertThat(VCenterProviderTest.subjects(harness)).containsExactly("VmPoweredOnEvent", "VmRenamedEvent");
                assertThat(harness.providerErrors).hasValue(1);
                assertThat(harness.processor.delivered.getLast().getExtension("vsphereapiversion")).isEqualTo("8.0.2.0");
            }
            assertThat(log.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                    .contains("cannot be converted", "<chainId>abc</chainId>", "VmPoweredOffEvent"));
            assertThat(Files.readString(temp.resolve("cp-127.0.0.1.json"))).contains("\"lastEventKey\":3",
                    "\"lastEventKeyTimestamp\":\"2026-01-02T03:04:05.3+02:00\"");
        } finally {
            ((Logger) LoggerFactory.getLogger(VCenterReader.class)).detachAppender(log);
        }
    }
}
