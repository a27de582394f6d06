package io.eventrouter.knative;

import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Destination;
import io.eventrouter.config.Doc;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.config.Required;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

@Doc("Sends events to a Knative destination (broker, service, any addressable) or to any CloudEvents HTTP endpoint.")
public record KnativeConfig(
        @Required @Doc("Where to send: uri, or ref to a Kubernetes object.") Destination destination,
        @Default("false") @Doc("Skip TLS certificate and host name verification.") boolean insecureSSL,
        @Default("structured") @Doc("CloudEvents HTTP content mode: binary or structured.") EventEncoding encoding,
        @Doc("Basic auth sent with every request (the original accepted but ignored it); an OIDC token replaces it "
                + "for a destination with an audience.") BasicAuth auth,
        @Doc("OIDC tokens for destinations with an audience (on by default).") OidcConfig oidc,
        @Doc("Send batches of events (CloudEvents batched mode) instead of one event per request; absent means one "
                + "event per request, in the configured encoding.") BatchConfig batch)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
    }

    /** The {@code oidc} section, its defaults when absent. */
    public OidcConfig oidcOrDefault() {
        return oidc == null ? OidcConfig.DEFAULT : oidc;
    }
}
