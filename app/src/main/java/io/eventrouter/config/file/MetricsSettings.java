package io.eventrouter.config.file;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.AuthConfig;
import io.eventrouter.config.AuthType;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.TlsSettings;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

@Doc("The metrics and probes server: /stats (the original's JSON), /metrics (Prometheus), /healthz, /readyz, and "
        + "the event viewer at /events.")
public record MetricsSettings(
        @Default("0.0.0.0:8082") @Doc("Listen address, <IP>:<PORT>.") String bindAddress,
        @Doc("Basic auth for /stats and /metrics (and the viewer); absent means no authentication.") AuthConfig auth,
        @Default("false") @Doc("Require the basic auth on /healthz and /readyz too (off, so Kubernetes probes work).")
        boolean authenticateProbes,
        @Doc("Serve HTTPS instead of HTTP.") TlsSettings tls,
        @Default("{}") @Doc("The live event viewer at /events.") ViewerSettings viewer) implements Validatable {

    /** Plain HTTP, with the viewer's defaults. */
    public MetricsSettings(String bindAddress, AuthConfig auth, boolean authenticateProbes) {
        this(bindAddress, auth, authenticateProbes, null, ViewerSettings.DEFAULT);
    }

    @Override
    public void validate(Validation v) throws ConfigException {
        Addresses.check(v, "bindAddress", bindAddress);
        AuthConfig.requireType(auth, v, "auth", AuthType.BASIC_AUTH);
    }
}
