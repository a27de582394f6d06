package io.eventrouter.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.AnswerGate;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import io.eventrouter.testing.eventbridge.SigV4Verifier;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** The EventBridge processor passes the processor contract. */
class EventBridgeContractTest extends ProcessorContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** PutEvents takes at most 10 entries per request. */
    @Override
    protected int documentedBatchLimit() {
        return 10;
    }

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

    /**
     * {@link LocalEventBridge} with a rule for the contract's events; its PutEvents answers wait until released, then
     * refuse the call as a whole (500 InternalException).
     */
    @Override
    protected HeldDestination heldDestination() throws Exception {
        LocalEventBridge aws = new LocalEventBridge();
        String rule = aws.addRule("contract", "default", "{\"detail\":{\"subject\":[\"VmPoweredOnEvent\"]}}").arn();
        AnswerGate gate = new AnswerGate();
        aws.putEventsGate = gate;
        aws.putEventsFailure = new SigV4Verifier.Failure("InternalException", "the contract refuses what it held");
        return new HeldDestination() {
            @Override
            public EventProcessor processor() throws Exception {
                EventBridgeConfig config = ConfigSections.bind("""
                        region: %s
                        ruleARN: %s
                        endpoint: %s
                        auth:
                          type: aws_access_key
                          awsAccessKeyAuth: {accessKey: %s, secretKey: "%s"}
                        """.formatted(LocalEventBridge.REGION, rule, aws.endpoint(), LocalEventBridge.ACCESS_KEY,
                        LocalEventBridge.SECRET_KEY), EventBridgeConfig.class);
                return new EventBridgeProcessorFactory().create(config, ProcessorEnvironment.of("aws"));
            }

            @Override
            public boolean awaitArrival(Duration timeout) throws InterruptedException {
                return gate.awaitArrival(timeout);
            }

            @Override
            public void release() {
                gate.release();
            }

            /** Each entry's Detail is the structured CloudEvent. */
            @Override
            public Set<String> taken(int atLeast) throws Exception {
                Set<String> ids = new HashSet<>();
                for (var entry : aws.accepted()) {
                    ids.add(JSON.readTree(entry.get("Detail").asText()).get("id").asText());
                }
                return ids;
            }

            @Override
            public void close() {
                gate.release();
                aws.close();
            }
        };
    }
}
