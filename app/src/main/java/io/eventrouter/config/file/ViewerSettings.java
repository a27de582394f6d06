package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.util.List;

@Doc("The live event viewer at /events on the metrics server, behind the same basic auth as /stats; without that "
        + "auth it answers only clients on this host (e.g. kubectl port-forward), unless allowUnauthenticatedRemote.")
public record ViewerSettings(
        @Default("true") @Doc("Serve the viewer; it shows event data, so configure the metrics auth when the port is "
                + "reachable by others.") boolean enabled,
        @Default("1000") @Doc("Events kept in memory, so that a reload or a late browser sees recent events.")
        int historySize,
        @Default("16384") @Doc("Bytes of each event's data kept for display; longer data is cut (the event is "
                + "delivered whole).") int maxDataBytes,
        @Default("false") @Doc("Without metrics auth, show the viewer (event data) to clients on other hosts too, "
                + "without credentials. By default they get 403 and only clients on this host are served.")
        boolean allowUnauthenticatedRemote,
        @Doc("Host names the viewer answers to besides IP addresses, localhost and the bind address (e.g. "
                + "router.example.com); other Host headers get 403, so that a web page cannot reach the viewer "
                + "through a DNS name it controls (DNS rebinding). \"*\" allows any host.") List<String> allowedHosts)
        implements Validatable {

    /** The defaults, for code that builds settings without a file. */
    public static final ViewerSettings DEFAULT = new ViewerSettings(true, 1000, 16384, false, List.of());

    /** Local clients only when there is no metrics auth (the default); no host names besides the defaults. */
    public ViewerSettings(boolean enabled, int historySize, int maxDataBytes) {
        this(enabled, historySize, maxDataBytes, false, List.of());
    }

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(historySize >= 1 && historySize <= 100_000, "historySize", "must be between 1 and 100000");
        v.check(maxDataBytes >= 0 && maxDataBytes <= 4 * 1024 * 1024, "maxDataBytes",
                "must be between 0 and 4194304");
        for (String host : allowedHosts == null ? List.<String>of() : allowedHosts) {
            v.check(host != null && !host.isBlank() && !host.contains("/") && !host.contains(" "), "allowedHosts",
                    "\"" + host + "\" is not a host name");
        }
    }
}
