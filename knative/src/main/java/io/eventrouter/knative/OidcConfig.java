package io.eventrouter.knative;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.nio.file.Path;
import java.time.Duration;

@Doc("OIDC sender identity (Knative 1.14+): to a destination with an audience, send Authorization: Bearer and a "
        + "token for that audience.")
public record OidcConfig(
        @Default("true") @Doc("Send tokens to destinations that have an audience (their own, or the resolved "
                + "object's status.address.audience).") boolean enabled,
        @Doc("A projected service account token file to send (the kubelet keeps it fresh; its audience must be the "
                + "destination's) instead of asking the Kubernetes TokenRequest API.") Path tokenFile,
        @Doc("Service account whose tokens are requested with the TokenRequest API (namespace/name or name, in the "
                + "router's namespace); default: the router's own.") String serviceAccount,
        @Default("1h") @Doc("Lifetime asked for requested tokens; a token is renewed after 80 % of it.")
        Duration expiration) implements Validatable {

    /** What an absent {@code oidc} section means: on, tokens from the TokenRequest API. */
    static final OidcConfig DEFAULT = new OidcConfig(true, null, null, Duration.ofHours(1));

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(expiration == null || expiration.compareTo(Duration.ofMinutes(10)) >= 0, "expiration",
                "must be at least 10m (Kubernetes' minimum)");
        v.check(serviceAccount == null || serviceAccount.matches("([a-z0-9.-]+/)?[a-z0-9.-]+"), "serviceAccount",
                "must be a service account name or namespace/name");
        v.check(tokenFile == null || serviceAccount == null, "serviceAccount",
                "give either tokenFile or serviceAccount, not both");
    }
}
