package io.eventrouter.eventbridge;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;

/** The EventBridge processor passes the processor contract. */
class EventBridgeContractTest extends ProcessorContract {

    @Override
    protected EventProcessor processorWithSecret(String secret) throws Exception {
        EventBridgeConfig config = ConfigSections.bind("""
                region: us-west-1
                ruleARN: arn:aws:events:us-west-1:1234567890:rule/contract
                endpoint: http://127.0.0.1:9
                auth:
                  type: aws_access_key
                  awsAccessKeyAuth: {accessKey: AKIDCONTRACT, secretKey: "%s"}
                """.formatted(secret), EventBridgeConfig.class);
        return new EventBridgeProcessorFactory().create(config, ProcessorEnvironment.of("aws"));
    }
}
