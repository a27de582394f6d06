package io.eventrouter.openfaas;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenFaasConfigTest {

    @Test
    void theFactoryIsFoundByTypeWithTheOriginalsSectionKey() {
        EventProcessorFactory<?> factory = ServiceLoader.load(EventProcessorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.type().equals("openfaas")).findFirst().orElseThrow();

        assertThat(factory.sectionKey()).isEqualTo("openfaas");
        assertThat(factory.configType()).isEqualTo(OpenFaasConfig.class);
        assertThat(DeliveryDefaults.of(factory).retry()).as("the original's 1 + 3 calls").isEqualTo(3);
        assertThat(DeliveryDefaults.of(factory).timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void defaultsAreTheOriginals() throws ConfigException {
        OpenFaasConfig config = ConfigSections.bind("async: false", OpenFaasConfig.class);

        assertThat(config.address().uri()).hasToString("http://gateway.openfaas:8080");
        assertThat(config.async()).isFalse();
        assertThat(config.auth()).isNull();
        assertThat(config.invocationAuth()).isFalse();
        assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theExampleConfigBinds() throws ConfigException {
        String example = ConfigSections.readExample("vcenter-openfaas.yaml");
        assertThat(example).contains("type: openfaas");

        OpenFaasConfig config = ConfigSections.bindExample("vcenter-openfaas.yaml", OpenFaasConfig.class,
                "eventProcessor", "openfaas");

        assertThat(config.address().uri()).hasToString("http://gateway.openfaas:8080");
        assertThat(config.auth().username()).isEqualTo("admin");
        assertThat(config.auth().password().reveal()).isEqualTo("ReplaceMe");
        assertThat(config.toString()).doesNotContain("ReplaceMe");
    }

    @Test
    void unknownFieldsAndBadValuesAreErrors() {
        assertThatThrownBy(() -> ConfigSections.bind("asnyc: true", OpenFaasConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("did you mean \"async\"");
        assertThatThrownBy(() -> ConfigSections.bind("address: ftp://gateway", OpenFaasConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> ConfigSections.bind("refreshInterval: 0s", OpenFaasConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> ConfigSections.bind("auth: {type: basic_auth}", OpenFaasConfig.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basicAuth");
    }

    @Test
    void rejectsAuthOfAnotherType() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                auth: {type: aws_iam_role}
                """, OpenFaasConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth").hasMessageContaining("basic_auth");
    }
}
