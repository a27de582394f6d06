package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.References;
import io.eventrouter.spi.ConnectorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link ConfigLoader} on its own, without starting a router: a file becomes a plan, and every problem is one line
 * naming the file, the field path, the line and column where the file has one, and what is wrong.
 */
class ConfigLoaderTest {

    private static final String CONFIG = """
            apiVersion: event-router.vmware.com/v1alpha1
            kind: RouterConfig
            eventProvider:
              type: webhook
              name: hook
              webhook:
                bindAddress: "127.0.0.1:0"
            eventProcessor:
              type: knative
              name: broker
              knative:
                %s
                destination:
                  uri: http://127.0.0.1:9/broker
            metricsProvider:
              type: default
              name: metrics
              default:
                bindAddress: "127.0.0.1:0"
            """;

    private final ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());

    @TempDir
    Path dir;

    @Test
    void aFileBecomesAPlanWithItsProviderAndProcessor() throws Exception {
        ConfigLoader.Loaded loaded = loader.load(write("good.yaml", CONFIG.formatted("encoding: binary")));

        assertThat(loaded.format()).isEqualTo(ConfigFormat.V1ALPHA1);
        assertThat(loaded.plan().providers()).extracting(ProviderSection::type, ProviderSection::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("webhook", "hook"));
        assertThat(loaded.plan().processors()).extracting(ProcessorSection::type, ProcessorSection::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("knative", "broker"));
    }

    @Test
    void anUnknownFieldIsNamedWithItsFilePathLineAndColumn() throws Exception {
        Path file = write("typo.yaml", CONFIG.formatted("encodng: binary"));

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(error.path()).isEqualTo("eventProcessor.knative.encodng");
        assertThat(error.location().line()).isEqualTo(12);
        assertThat(error.location().column()).isEqualTo(5);
        assertThat(error.getMessage()).startsWith(file + ": eventProcessor.knative.encodng (line 12, column 5): ")
                .doesNotContain("\n");
    }

    @Test
    void aValueOfTheWrongKindIsNamedWithWhatWasExpected() throws Exception {
        Path file = write("kind.yaml", CONFIG.formatted("encoding: sideways"));

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(error.path()).isEqualTo("eventProcessor.knative.encoding");
        assertThat(error.location().line()).isEqualTo(12);
        assertThat(error.problem()).contains("sideways").contains("binary").contains("structured");
    }

    @Test
    void aFileThatCannotBeReadIsNamedWithTheReason() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.load(missing)).getMessage())
                .isEqualTo(missing + ": no such file");

        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xC3, (byte) 0x28, 'a'});
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.load(binary)).getMessage())
                .isEqualTo(binary + ": not a text file (invalid UTF-8)");

        Path huge = Files.write(dir.resolve("huge.yaml"), new byte[ConfigLoader.MAX_FILE_BYTES + 1]);
        assertThat(catchThrowableOfType(ConfigException.class, () -> loader.load(huge)).getMessage())
                .startsWith(huge + ": the file is larger than " + ConfigLoader.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void aDocumentThatIsNotAConfigurationSaysWhatWasExpected() throws Exception {
        Path file = write("scalar.yaml", "just words\n");

        ConfigException error = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(error.getMessage()).startsWith(file + ": ").contains("expected a RouterConfig");
    }

    /**
     * Under highAvailability a shared provider must keep a checkpoint (its successor resumes from it); without the
     * section, or with it disabled, every replica runs every provider and none is needed.
     */
    @Test
    void onlySharedProvidersUnderHighAvailabilityNeedACheckpoint() throws Exception {
        String vcenter = """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                eventProviders:
                  - type: vcenter
                    name: vc
                    vcenter:
                      address: https://vc.example.com/sdk
                      checkpoint: %s
                      auth: {type: basic_auth, basicAuth: {username: u, password: p}}
                  - {type: webhook, name: hook, webhook: {bindAddress: "127.0.0.1:0"}}
                eventProcessors:
                  - {type: knative, name: kn, knative: {destination: {uri: "http://127.0.0.1:1/"}}}
                %s
                """;
        assertThat(loader.parse(vcenter.formatted("false", "")).plan().highlyAvailable()).isFalse();
        assertThat(loader.parse(vcenter.formatted("false", "highAvailability: {enabled: false}")).plan()
                .providers()).hasSize(2);
        assertThat(loader.parse(vcenter.formatted("true", "highAvailability: {name: r}")).plan().highlyAvailable())
                .isTrue();
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> loader.parse(vcenter.formatted("false", "highAvailability: {name: r}")));
        assertThat(error.path()).isEqualTo("eventProviders[0].vcenter.checkpoint");
        assertThat(error.location().line()).isEqualTo(8);
        assertThat(error.problem()).startsWith("must be true with highAvailability");
    }

    /**
     * Two shared providers of one vCenter with one checkpointDir write one file: refused only where replicas share
     * that directory (checkpoints: directory); ConfigMaps are per provider.
     */
    @Test
    void twoSharedProvidersMayNotShareACheckpointFileOnASharedVolume() throws Exception {
        String twoReaders = """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                eventProviders:
                  - type: vcenter
                    name: vms
                    vcenter: {address: vc.example.com, checkpoint: true, checkpointDir: %s,
                              auth: {type: basic_auth, basicAuth: {username: u, password: p}}}
                  - type: vcenter
                    name: alarms
                    vcenter: {address: vc.example.com, checkpoint: true, checkpointDir: %s,
                              auth: {type: basic_auth, basicAuth: {username: u, password: p}}}
                eventProcessors:
                  - {type: knative, name: kn, knative: {destination: {uri: "http://127.0.0.1:1/"}}}
                highAvailability: {name: r, checkpoints: %s}
                """;
        assertThat(loader.parse(twoReaders.formatted("cp", "cp", "configMap")).plan().providers()).hasSize(2);
        assertThat(loader.parse(twoReaders.formatted("cp", "cp-alarms", "directory")).plan().providers()).hasSize(2);
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> loader.parse(twoReaders.formatted("cp", "./cp/", "directory")));
        assertThat(error.path()).isEqualTo("eventProviders[1].vcenter.checkpointDir");
        assertThat(error.problem()).startsWith("checkpoint file cp-vc.example.com.json is also provider vms's");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
