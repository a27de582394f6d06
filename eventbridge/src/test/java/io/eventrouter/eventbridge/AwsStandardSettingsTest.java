package io.eventrouter.eventbridge;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.VcenterEvents;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings the AWS SDK takes from the environment: the endpoint override ({@code AWS_ENDPOINT_URL_EVENTBRIDGE}, whose
 * system-property twin {@code aws.endpointUrlEventBridge} the SDK reads first, so a test can set it) and, for
 * {@code aws_iam_role}, the default credentials chain (its first link is the {@code aws.accessKeyId} /
 * {@code aws.secretAccessKey} system properties).
 */
class AwsStandardSettingsTest {

    private static final String[] PROPERTIES = {"aws.endpointUrlEventBridge", "aws.accessKeyId", "aws.secretAccessKey"};

    private final Map<String, String> saved = new HashMap<>();
    private LocalEventBridge aws;

    @BeforeEach
    void start() throws Exception {
        for (String property : PROPERTIES) {
            saved.put(property, System.getProperty(property));
        }
        aws = new LocalEventBridge();
    }

    @AfterEach
    void restore() {
        aws.close();
        saved.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
    }

    @Test
    void iamRoleAuthUsesTheDefaultChainAndTheSdkStandardEndpointOverrideApplies() throws Exception {
        System.setProperty("aws.endpointUrlEventBridge", aws.endpoint().toString());
        System.setProperty("aws.accessKeyId", LocalEventBridge.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalEventBridge.SECRET_KEY);
        String arn = aws.addRule("r", "default", "{\"detail\":{\"subject\":[\"VmPoweredOnEvent\"]}}").arn();
        EventBridgeConfig config = ConfigSections.bind("""
                region: us-west-1
                ruleARN: %s
                auth: {type: aws_iam_role}
                """.formatted(arn), EventBridgeConfig.class);

        try (EventProcessor processor = new EventBridgeProcessorFactory().create(config, ProcessorEnvironment.of("aws"))) {
            assertThat(processor.deliver(VcenterEvents.vmEvent("VmPoweredOnEvent", "a"), Duration.ofSeconds(10))
                    .isDelivered()).isTrue();
        }
        assertThat(aws.accepted()).hasSize(1);
        assertThat(aws.refusedSignatures()).isEmpty();
    }
}
