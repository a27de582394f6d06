package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.spi.EventProviderFactory;
import io.eventrouter.vsphere.events.CloudEventFormat;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VCenterConfigTest {

    private static final String ORIGINAL = """
            address: https://vc.example.com/sdk
            insecureSSL: false
            checkpoint: true
            checkpointDir: /var/lib/router
            auth:
              type: basic_auth
              basicAuth:
                username: administrator@vsphere.local
                password: ReplaceMe
            """;

    static VCenterConfig bind(String yaml) throws ConfigException {
        return new Binder(References.system()).bind(ConfigTreeReader.read(yaml), VCenterConfig.class, ConfigPath.ROOT);
    }

    @Test
    void bindsTheOriginalSectionWithOurDefaults() throws Exception {
        VCenterConfig config = bind(ORIGINAL);
        assertThat(config.sdkUrl()).isEqualTo(URI.create("https://vc.example.com/sdk"));
        assertThat(config.checkpoint()).isTrue();
        assertThat(config.checkpointDir()).isEqualTo(Path.of("/var/lib/router"));
        assertThat(config.auth().password().reveal()).isEqualTo("ReplaceMe");
        assertThat(config.format()).isEqualTo(CloudEventFormat.ROUTER);
        assertThat(config.checkpointMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(config.pageSize()).isEqualTo(1000);
        assertThat(config.maxWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.keepAliveInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.reconnectBackoffMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.toString()).doesNotContain("ReplaceMe");

        VCenterConfig minimal = bind("""
                address: https://vc.example.com
                auth: {basicAuth: {username: u, password: p}}
                """);
        assertThat(minimal.insecureSSL()).isFalse();
        assertThat(minimal.checkpoint()).isFalse();
        assertThat(minimal.checkpointDir()).isEqualTo(Path.of("./checkpoints"));
    }

    @Test
    void derivesTheSdkUrlLikeGovmomi() throws Exception {
        String auth = "\nauth: {basicAuth: {username: u, password: p}}\n";
        assertThat(bind("address: https://vc.example.com" + auth).sdkUrl())
                .isEqualTo(URI.create("https://vc.example.com/sdk"));
        assertThat(bind("address: https://admin:secret@vc.example.com:8443/" + auth).sdkUrl())
                .isEqualTo(URI.create("https://vc.example.com:8443/sdk"));
        assertThat(bind("address: {scheme: https, host: 10.0.0.1, path: /sdk}" + auth).sdkUrl())
                .isEqualTo(URI.create("https://10.0.0.1/sdk"));
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> bind("auth: {basicAuth: {username: u, password: p}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> bind("address: https://vc\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auth");
        assertThatThrownBy(() -> bind("""
                address: https://vc
                auth: {type: active_directory, activeDirectoryAuth: {domain: d, username: u, password: p}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("basic_auth");
        assertThatThrownBy(() -> bind("""
                address: https://vc
                auth: {type: basic_auth}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("basicAuth");
        assertThatThrownBy(() -> bind(ORIGINAL + "pageSize: 5000\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("1 to 1000");
        assertThatThrownBy(() -> bind(ORIGINAL + "format: cloudevents\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("router, vsphere");
        assertThatThrownBy(() -> bind(ORIGINAL + "reconnectBackoffMax: 10ms\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconnectBackoffMin");
        assertThatThrownBy(() -> bind(ORIGINAL + "pollInterval: 1s\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field");
    }

    @Test
    void bindsTheConnectionOptionsAndTheEventTypeFilter() throws Exception {
        VCenterConfig config = bind(ORIGINAL + """
                eventTypes: [VmPoweredOffEvent, com.vmware.vc.HA.DasHostFailedEvent]
                excludeEventTypes: [GeneralUserEvent]
                thumbprint: "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"
                proxy:
                  url: http://proxy.example.com:3128
                  username: router
                  password: Pr0xyPass
                """);
        // the classes vSphere derives from VmPoweredOffEvent come with it
        assertThat(config.eventTypeFilter().collectorTypeIds()).containsExactly("VmPoweredOffEvent",
                "com.vmware.vc.HA.DasHostFailedEvent", "VmPowerOffOnIsolationEvent", "VmShutdownOnIsolationEvent");
        assertThat(config.proxy().password().reveal()).isEqualTo("Pr0xyPass");
        assertThat(config.httpProxy()).get().extracting(proxy -> proxy.port()).isEqualTo(3128);
        assertThat(config.toString()).contains("proxy.example.com", "GeneralUserEvent").doesNotContain("Pr0xyPass");

        VCenterConfig minimal = bind(ORIGINAL);
        assertThat(minimal.eventTypes()).isEmpty();
        assertThat(minimal.thumbprint()).isNull();
        assertThat(minimal.proxy()).isNull();
    }

    @Test
    void refusesConnectionOptionsThatCannotWork() {
        assertThatThrownBy(() -> bind(ORIGINAL + "eventTypes: [VmPoweredOffEvent, NoSuchEvent]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("eventTypes[1]")
                .hasMessageContaining("unknown event type \"NoSuchEvent\"");
        assertThatThrownBy(() -> bind(ORIGINAL + "eventTypes: [VmPoweredOffEvent]\nexcludeEventTypes: [VmEvent]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("excludeEventTypes");
        assertThatThrownBy(() -> bind(ORIGINAL + "thumbprint: \"12:34\"\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("thumbprint");
        assertThatThrownBy(() -> bind(ORIGINAL.replace("https://", "http://") + "thumbprint: \""
                + "AB:".repeat(31) + "AB\"\n")).isInstanceOf(ConfigException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> bind(ORIGINAL + "proxy: {url: \"http://proxy:3128/path\"}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("without a path");
        assertThatThrownBy(() -> bind(ORIGINAL + "proxy: {url: \"http://proxy:3128\", password: x}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs proxy.username");
    }

    @Test
    void everyFieldIsDocumentedInTheGeneratedSchema() {
        SchemaWriter writer = new SchemaWriter(new io.eventrouter.config.Binder(io.eventrouter.config.References.system()));
        writer.schemaOf(VCenterConfig.class);
        JsonNode properties = writer.defs().path(writer.define(VCenterConfig.class)).path("properties");
        assertThat(properties.size()).isEqualTo(VCenterConfig.class.getRecordComponents().length);
        properties.properties().forEach(field ->
                assertThat(field.getValue().path("description").asText()).as(field.getKey()).isNotBlank());
        assertThat(properties.path("format").path("enum").toString()).isEqualTo("[\"router\",\"vsphere\"]");
        assertThat(properties.path("format").path("default").asText()).isEqualTo("router");
    }

    @Test
    @SuppressWarnings("rawtypes") // ServiceLoader only takes the raw class of a generic interface
    void registersVcenterAndTheDeprecatedVcsimType() {
        Map<String, EventProviderFactory<?>> factories = ServiceLoader.load(EventProviderFactory.class).stream()
                .map(provider -> (EventProviderFactory<?>) provider.get())
                .collect(Collectors.toMap(EventProviderFactory::type, factory -> factory));
        assertThat(factories).containsKeys("vcenter", "vcsim");
        assertThat(factories.get("vcenter").sectionKey()).isEqualTo("vcenter");
        assertThat(factories.get("vcsim").sectionKey()).isEqualTo("vcsim");
        assertThat(factories.get("vcsim").configType()).isEqualTo(VCenterConfig.class);
        assertThat(factories.get("vcsim").description()).containsIgnoringCase("deprecated");
    }
}
