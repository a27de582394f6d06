package io.eventrouter.config.file;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Listener;
import io.eventrouter.http.server.TlsSettings;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

@Doc("The metrics and probes server: /stats (the original's JSON), /metrics (Prometheus), /healthz, /readyz, and "
        + "the event viewer at /events.")
public record MetricsSettings(
        @Default("0.0.0.0:8082") @Doc("Listen address, <IP>:<PORT>.") String bindAddress,
        @Doc("Basic auth for /stats and /metrics (and the viewer); absent means no authentication.") BasicAuth auth,
        @Default("false") @Doc("Require the basic auth on /healthz and /readyz too (off, so Kubernetes probes work).")
        boolean authenticateProbes,
        @Doc("Serve HTTPS instead of HTTP.") TlsSettings tls,
        @Default("{}") @Doc("The live event viewer at /events.") ViewerSettings viewer,
        @Default("false") @Doc("Make /readyz answer 503 while a processor cannot deliver (its state is in /readyz "
                + "either way). Off: a failing destination is not cured by restarting the router or taking it out "
                + "of a Service, and the webhook would stop taking events that it queues meanwhile.")
        boolean readinessRequiresDelivery) implements Validatable, Listener {

    /** Plain HTTP, with the viewer's defaults. */
    public MetricsSettings(String bindAddress, BasicAuth auth, boolean authenticateProbes) {
        this(bindAddress, auth, authenticateProbes, null, ViewerSettings.DEFAULT);
    }

    /** Readiness from the providers only (the default). */
    public MetricsSettings(String bindAddress, BasicAuth auth, boolean authenticateProbes, TlsSettings tls,
                           ViewerSettings viewer) {
        this(bindAddress, auth, authenticateProbes, tls, viewer, false);
    }

    @Override
    public void validate(Validation v) throws ConfigException {
        Addresses.check(v, "bindAddress", bindAddress);
    }
}
