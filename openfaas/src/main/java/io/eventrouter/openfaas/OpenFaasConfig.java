package io.eventrouter.openfaas;

import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.UriValue;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.time.Duration;

/** The {@code eventProcessor.openfaas} section: the original's fields, plus the refresh interval it hard-coded. */
@Doc("Invokes the OpenFaaS functions whose topic annotation names the event's subject.")
public record OpenFaasConfig(
        @Default("http://gateway.openfaas:8080") @Doc("Address of the OpenFaaS gateway.") UriValue address,
        @Default("false") @Doc("Invoke through /async-function/ (queued by the gateway, answered 202) instead of "
                + "/function/. The gateway's 202 counts as delivered, so failures of the function itself are not "
                + "retried by the router in async mode.") boolean async,
        @Doc("Gateway credentials (type basic_auth) for the gateway API (the function list); with invocationAuth also "
                + "on every invocation. Without it, no credentials are sent.")
        BasicAuth auth,
        @Default("false") @Doc("Also send the basic auth credentials when invoking functions, for a gateway or ingress "
                + "that protects /function/. Off by default, as in the original: the gateway passes request headers on "
                + "to the function, which would then see the gateway's credentials.")
        boolean invocationAuth,
        @Default("10s") @Doc("How often the function list and their topic annotations are read again. A failed read "
                + "keeps the last good list and is retried sooner.") Duration refreshInterval) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(!refreshInterval.isZero(), "refreshInterval", "must be more than zero");
    }
}
