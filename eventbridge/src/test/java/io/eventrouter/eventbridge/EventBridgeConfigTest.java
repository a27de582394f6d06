package io.eventrouter.eventbridge;

import io.eventrouter.config.ConfigException;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeConfigTest {

    private static final String ARN = "arn:aws:events:us-west-1:1234567890:rule/vmware-event-router";

    @Test
    void theFactoryIsFoundByTheOriginalsTypeAndSectionKey() {
        EventProcessorFactory<?> factory = ServiceLoader.load(EventProcessorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.type().equals("aws_event_bridge")).findFirst()
                .orElseThrow();

        assertThat(factory.sectionKey()).isEqualTo("awsEventBridge");
        assertThat(factory.configType()).isEqualTo(EventBridgeConfig.class);
    }

    @Test
    void aMissingAuthIsAClearConfigErrorNotACrash() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                region: us-west-1
                ruleARN: %s
                """.formatted(ARN), EventBridgeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth")
                .hasMessageContaining("aws_access_key")
                .hasMessageContaining("aws_iam_role");
    }

    @Test
    void anAuthTypeThatIsNotAnAwsOneIsRefused() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                region: us-west-1
                ruleARN: %s
                auth: {type: basic_auth, basicAuth: {username: a, password: b}}
                """.formatted(ARN), EventBridgeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic_auth is not supported here");
    }

    @Test
    void regionAndRuleArnAreRequiredAndChecked() {
        assertThatThrownBy(() -> ConfigSections.bind("ruleARN: " + ARN + "\nauth: {type: aws_iam_role}",
                EventBridgeConfig.class)).isInstanceOf(ConfigException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> ConfigSections.bind("region: us-west-1\nauth: {type: aws_iam_role}",
                EventBridgeConfig.class)).isInstanceOf(ConfigException.class).hasMessageContaining("ruleARN");
        assertThatThrownBy(() -> ConfigSections.bind("region: us-west-1\nruleARN: my-rule\nauth: {type: aws_iam_role}",
                EventBridgeConfig.class)).isInstanceOf(ConfigException.class).hasMessageContaining("not an EventBridge rule ARN");
    }

    @Test
    void defaults() throws ConfigException {
        EventBridgeConfig config = ConfigSections.bind("region: us-west-1\nruleARN: " + ARN
                + "\nauth: {type: aws_iam_role}", EventBridgeConfig.class);

        assertThat(config.eventBus()).isEqualTo("default");
        assertThat(config.endpoint()).isNull();
        assertThat(config.ruleRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.account()).isEqualTo("1234567890");
    }

    @Test
    void theExampleConfigsBind() throws ConfigException {
        EventBridgeConfig keys = ConfigSections.bindExample("vcenter-aws.yaml", EventBridgeConfig.class,
                "eventProcessor", "awsEventBridge");
        assertThat(keys.auth()).isInstanceOfSatisfying(AwsAccessKeyAuth.class,
                auth -> assertThat(auth.accessKey()).isEqualTo("ABCDEFGHIJK"));
        assertThat(keys.ruleARN()).isEqualTo(ARN);
        assertThat(keys.region()).isEqualTo("us-west-1");
        assertThat(keys.eventBus()).isEqualTo("default");
        assertThat(keys.toString()).doesNotContain("ZYXWVUTSRQPO");

        EventBridgeConfig role = ConfigSections.bindExample("vcenter-aws-iam-role-auth.yaml", EventBridgeConfig.class,
                "eventProcessor", "awsEventBridge");
        assertThat(role.auth()).isInstanceOf(AwsIamRole.class);
        assertThat(ConfigSections.readExample("vcenter-aws.yaml")).contains("type: aws_event_bridge");
    }
}
