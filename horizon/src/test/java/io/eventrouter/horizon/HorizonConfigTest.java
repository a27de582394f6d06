package io.eventrouter.horizon;

import io.eventrouter.config.ConfigException;
import io.eventrouter.spi.EventProviderFactory;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HorizonConfigTest {

    private static final String AUTH = "auth: {type: active_directory, activeDirectoryAuth: "
            + "{domain: corp, username: administrator, password: ReplaceMe}}";

    @Test
    void theFactoryIsFoundByType() {
        EventProviderFactory<?> factory = ServiceLoader.load(EventProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.type().equals("horizon")).findFirst().orElseThrow();

        assertThat(factory.sectionKey()).isEqualTo("horizon");
        assertThat(factory.configType()).isEqualTo(HorizonConfig.class);
    }

    /** What highAvailability checks: a successor needs the checkpoint, and no two providers may share its file. */
    @Test
    void theFactoryNamesTheCheckpointFileAndWhetherItIsKept() throws ConfigException {
        HorizonProviderFactory factory = new HorizonProviderFactory();
        HorizonConfig without = ConfigSections.bind("address: https://h.corp.local/\n" + AUTH, HorizonConfig.class);
        HorizonConfig with = ConfigSections.bind("address: https://h.corp.local/\ncheckpoint: true\n"
                + "checkpointDir: /var/lib/cp\n" + AUTH, HorizonConfig.class);

        assertThat(factory.singleActive()).isTrue();
        assertThat(factory.resumeSettingOff(without)).contains("checkpoint");
        assertThat(factory.checkpointFile(without)).isEmpty();
        assertThat(factory.resumeSettingOff(with)).isEmpty();
        assertThat(factory.checkpointFile(with)).contains(Path.of("/var/lib/cp/cp-h.corp.local.json"));
    }

    @Test
    void defaults() throws ConfigException {
        HorizonConfig config = ConfigSections.bind("address: https://api.myhorizon.corp.local/\n" + AUTH,
                HorizonConfig.class);

        assertThat(config.insecureSSL()).isFalse();
        assertThat(config.checkpoint()).isFalse();
        assertThat(config.checkpointDir()).isEqualTo(Path.of("./checkpoints"));
        assertThat(config.checkpointMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.source()).as("without the trailing slash").isEqualTo("https://api.myhorizon.corp.local");
    }

    @Test
    void authMustBeActiveDirectoryWithEveryFieldSet() {
        assertThatThrownBy(() -> ConfigSections.bind("address: https://h.local", HorizonConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("active_directory");
        assertThatThrownBy(() -> ConfigSections.bind("address: https://h.local\n"
                + "auth: {type: basic_auth, basicAuth: {username: a, password: b}}", HorizonConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic_auth is not supported here");
        assertThatThrownBy(() -> ConfigSections.bind("address: https://h.local\n" + AUTH.replace("corp", "''"),
                HorizonConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("domain, username and password");
    }

    @Test
    void theAddressMustBeAnHttpUrlWithAHost() {
        assertThatThrownBy(() -> ConfigSections.bind(AUTH, HorizonConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> ConfigSections.bind("address: horizon.local\n" + AUTH, HorizonConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("address");
    }

    @Test
    void theExampleConfigBinds() throws ConfigException {
        HorizonConfig config = ConfigSections.bindExample("horizon-knative.yaml", HorizonConfig.class,
                "eventProvider", "horizon");

        assertThat(config.address().uri()).hasToString("https://api.myhorizon.corp.local");
        assertThat(config.auth().domain()).isEqualTo("corp");
        assertThat(config.auth().username()).isEqualTo("administrator");
        assertThat(config.toString()).doesNotContain("ReplaceMe");
        assertThat(ConfigSections.readExample("horizon-knative.yaml")).contains("type: horizon");
    }
}
