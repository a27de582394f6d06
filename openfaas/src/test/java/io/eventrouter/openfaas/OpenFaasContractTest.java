package io.eventrouter.openfaas;

import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorEnvironment;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProcessorContract;

/** The OpenFaaS processor passes the processor contract. */
class OpenFaasContractTest extends ProcessorContract {

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
}
