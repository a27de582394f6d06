package io.eventrouter.knative;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.HttpProcessorContract;

import java.net.URI;

/** The knative processor passes the HTTP processor contract. */
class KnativeContractTest extends HttpProcessorContract {

    @Override
    protected EventProcessor processorFor(URI endpoint) throws Exception {
        return create("""
                destination:
                  uri: %s
                """.formatted(endpoint));
    }

    @Override
    protected EventProcessor processorWithSecret(String secret) throws Exception {
        return create("""
                destination:
                  uri: http://admin:%s@127.0.0.1:9/broker
                auth:
                  type: basic_auth
                  basicAuth: {username: admin, password: %s}
                """.formatted(secret, secret));
    }

    private static EventProcessor create(String yaml) throws Exception {
        return new KnativeProcessorFactory().create(ConfigSections.bind(yaml, KnativeConfig.class),
                ProcessorEnvironment.of("knative"));
    }
}
