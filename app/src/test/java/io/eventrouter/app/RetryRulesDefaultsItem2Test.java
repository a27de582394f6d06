package io.eventrouter.app;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.References;
import io.eventrouter.config.RetryRules;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compatibility item 2 (retry semantics), which rules a file gets: the original's for knative and openfaas in the
 * original's formats (v1alpha1 YAML, the v0.3–v0.4 JSON), Knative's in eventrouter.io/v1; either on request.
 */
class RetryRulesDefaultsItem2Test {

    private final ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());

    private DeliveryPolicy delivery(String text) throws ConfigException {
        return loader.parse(text).plan().processors().getFirst().effectiveDelivery();
    }

    private static String v1alpha1(String processor) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                eventProvider:
                  type: webhook
                  name: webhook
                eventProcessor:
                %s
                metricsProvider:
                  type: default
                  name: metrics
                  default: {bindAddress: "127.0.0.1:0"}
                """.formatted(processor.indent(2).stripTrailing());
    }

    private static String v1(String processor) {
        return """
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                eventProviders:
                  - type: webhook
                    name: webhook
                eventProcessors:
                  - name: p
                %s
                """.formatted(processor.indent(4).stripTrailing());
    }

    private static final String KNATIVE = "type: knative\nknative: {destination: {uri: \"http://127.0.0.1:1/\"}}";
    private static final String OPENFAAS = "type: openfaas\nopenfaas: {address: \"http://127.0.0.1:1\"}";

    @Test
    void theOriginalsFormatsGetTheOriginalsRules() throws Exception {
        assertThat(delivery(v1alpha1(KNATIVE)).retryRules()).isEqualTo(RetryRules.ORIGINAL);
        DeliveryPolicy openfaas = delivery(v1alpha1(OPENFAAS));
        assertThat(openfaas.retryRules()).isEqualTo(RetryRules.ORIGINAL);
        assertThat(openfaas.retry()).isEqualTo(3);
        assertThat(openfaas.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(openfaas.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        String json = """
                [{"type":"stream","provider":"vmware_vcenter","address":"https://vc/sdk",
                  "auth":{"method":"user_password","secret":{"username":"u","password":"p"}}},
                 {"type":"processor","provider":"openfaas","address":"http://gateway:8080",
                  "auth":{"method":"basic_auth","secret":{"username":"admin","password":"p"}}},
                 {"type":"metrics","provider":"internal","address":"0.0.0.0:8080","auth":{"method":"none"}}]
                """;
        assertThat(delivery(json).retryRules()).as("the v0.3-v0.4 JSON format").isEqualTo(RetryRules.ORIGINAL);
    }

    @Test
    void v1GetsKnativesRules() throws Exception {
        assertThat(delivery(v1(KNATIVE)).retryRules()).isEqualTo(RetryRules.KNATIVE);
        assertThat(delivery(v1(OPENFAAS)).retryRules()).isEqualTo(RetryRules.KNATIVE);
    }

    @Test
    void eitherRulesCanBeAskedForInEitherFormat() throws Exception {
        assertThat(delivery(v1(KNATIVE + "\ndelivery: {retryRules: original}")).retryRules())
                .isEqualTo(RetryRules.ORIGINAL);
        assertThat(delivery(v1alpha1(OPENFAAS + "\ndelivery: {retryRules: knative}")).retryRules())
                .isEqualTo(RetryRules.KNATIVE);
    }

    @Test
    void typesWithoutRulesOfTheirOwnRefuseOriginalNamingTheField() {
        String kafka = "type: kafka\nkafka: {bootstrapServers: \"127.0.0.1:1\", topic: t}\n"
                + "delivery: {retryRules: original}";
        assertThatThrownBy(() -> delivery(v1(kafka)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("eventProcessors[0].delivery.retryRules")
                .hasMessageContaining("use knative");
    }
}
