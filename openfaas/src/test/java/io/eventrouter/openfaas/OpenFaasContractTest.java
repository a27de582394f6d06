package io.eventrouter.openfaas;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.AnswerGate;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;
import io.eventrouter.testing.openfaas.LocalGateway;
import io.eventrouter.testing.openfaas.LocalGateway.Answer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The OpenFaaS processor passes the processor contract. */
class OpenFaasContractTest extends ProcessorContract {

    private static final List<String> FUNCTIONS = List.of("first", "second");

    @Override
    protected EventProcessor processorWithSecret(String secret) throws Exception {
        OpenFaasConfig config = ConfigSections.bind("""
                address: http://admin:%s@127.0.0.1:9
                auth:
                  type: basic_auth
                  basicAuth: {username: admin, password: %s}
                """.formatted(secret, secret), OpenFaasConfig.class);
        return new OpenFaasProcessorFactory().create(config, ProcessorEnvironment.of("openfaas"));
    }

    /**
     * {@link LocalGateway} with two functions subscribed to the contract's events (so that the processor invokes
     * them in parallel), whose answers wait until released and then refuse the event (503).
     */
    @Override
    protected HeldDestination heldDestination() throws Exception {
        LocalGateway gateway = new LocalGateway("admin", "s3cret");
        gateway.namespaces("openfaas-fn");
        AnswerGate gate = new AnswerGate();
        for (String function : FUNCTIONS) {
            gateway.deploy(function, "openfaas-fn", "VmPoweredOnEvent",
                    invocation -> {
                        gate.hold();
                        return new Answer(503, "the contract refuses what it held");
                    });
        }
        return new HeldDestination() {
            @Override
            public EventProcessor processor() throws Exception {
                OpenFaasConfig config = ConfigSections.bind("""
                        address: %s
                        auth: {type: basic_auth, basicAuth: {username: admin, password: s3cret}}
                        """.formatted(gateway.address()), OpenFaasConfig.class);
                return new OpenFaasProcessorFactory().create(config, ProcessorEnvironment.of("openfaas"));
            }

            @Override
            public boolean awaitArrival(Duration timeout) throws InterruptedException {
                return gate.awaitArrival(timeout);
            }

            @Override
            public void release() {
                gate.release();
            }

            /** Every invocation is answered 503: the functions take no event. */
            @Override
            public Set<String> taken(int atLeast) {
                return Set.of();
            }

            @Override
            public void close() {
                gate.release();
                gateway.close();
            }
        };
    }
}
