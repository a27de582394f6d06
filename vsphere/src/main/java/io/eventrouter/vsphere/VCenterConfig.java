package io.eventrouter.vsphere;

import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;
import io.eventrouter.spi.ConnectorTls;
import io.eventrouter.vsphere.events.CloudEventFormat;
import io.eventrouter.vsphere.vim25.HttpProxy;
import io.eventrouter.vsphere.vim25.PinnedCertificate;
import io.eventrouter.vsphere.vim25.Thumbprint;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code eventProvider.vcenter} section: the original's fields, then ours. */
@Doc("Reads the event history of one vCenter over the vSphere API (vim25 SOAP).")
public record VCenterConfig(
        @Required @Doc("The vCenter SDK URL, e.g. https://vcenter.example.com/sdk (the /sdk path may be left out), or "
                + "a bare host name (vcenter.example.com means https://vcenter.example.com/sdk).")
        VCenterAddress address,
        @Default("false") @Doc("Skip verifying vCenter's TLS certificate and host name. Prefer certificates.rootCAs.")
        boolean insecureSSL,
        @Default("false") @Doc("Remember the last event every receiver acknowledged in a file, and resume from it "
                + "after a restart (at-least-once). Without it, reading starts at vCenter's current time "
                + "(at-most-once across restarts). Must be true with highAvailability.")
        boolean checkpoint,
        @Default("./checkpoints") @Doc("Directory of the checkpoint file cp-<vcenter host>.json.")
        Path checkpointDir,
        @Required @Doc("vCenter credentials: type basic_auth with basicAuth.username and basicAuth.password.")
        BasicAuth auth,
        @Default("router") @Doc("CloudEvent shape: router (the original router's: type com.vmware.event.router/event, "
                + "subject = event class) or vsphere (VEBA v0.8's: type com.vmware.vsphere.<class>.v0, "
                + "extension eventclass).")
        CloudEventFormat format,
        @Default("1h") @Doc("How far back a restart replays at most: a checkpoint older than this resumes this long "
                + "before vCenter's current time.")
        Duration checkpointMaxAge,
        @Default("1000") @Doc("Events per ReadNextEvents call while a backlog is drained (1 to 1000).")
        int pageSize,
        @Default("30s") @Doc("Longest WaitForUpdatesEx long poll while no event comes; whole seconds, 1s to 10m. "
                + "New events end the wait at once.")
        Duration maxWait,
        @Default("5m") @Doc("Interval of the CurrentTime keep-alive, which holds the session while delivery is "
                + "stalled.")
        Duration keepAliveInterval,
        @Default("1s") @Doc("First pause before reconnecting after vCenter could not be reached or refused the "
                + "login; doubles on each failure.")
        Duration reconnectBackoffMin,
        @Default("1m") @Doc("Longest pause between reconnect attempts.")
        Duration reconnectBackoffMax,
        @Default("30s") @Doc("Timeout of one vim25 call (a long poll gets maxWait on top).")
        Duration requestTimeout,
        @Default("1m") @Doc("How long reads may return nothing while vCenter shows newer events (latestPage) before "
                + "the provider reports a stall (metrics, log, /readyz) and recreates its event collector. The "
                + "usual cause is a user without read permission on part of the inventory.")
        Duration stallTimeout,
        @Default("false") @Doc("When a stall outlasts a recreated collector, also publish a CloudEvent of type "
                + "com.vmware.event.router.stalled (route it with a filter on that type).")
        boolean stallAlert,
        @Doc("Read only these event types from vCenter: vCenter's own event filter (EventFilterSpec.eventTypeId) "
                + "leaves the others out, so a router interested in a few types does not read every event of a busy "
                + "vCenter. Each is an event class (e.g. VmPoweredOffEvent; a base class such as VmEvent means it and "
                + "every class derived from it) or an EventEx/ExtendedEvent id (e.g. "
                + "com.vmware.vc.HA.DasHostFailedEvent). Empty: every event.")
        List<String> eventTypes,
        @Doc("Never deliver these event types (same names as eventTypes). With eventTypes they are taken out of "
                + "vCenter's filter; alone they are read and dropped by the router, since vCenter has no negative "
                + "filter. Dropped events still move the checkpoint.")
        List<String> excludeEventTypes,
        @Doc("Trust vCenter's certificate by its SHA-256 thumbprint instead of a CA (as govc's thumbprint "
                + "option): 32 hex bytes separated by colons, any case, as `openssl x509 -noout -fingerprint "
                + "-sha256` prints it. The connection is made only when vCenter's own certificate has it, even if no "
                + "CA signed it; any other certificate is refused (the provider stays unready and says which "
                + "thumbprint it saw). Not with insecureSSL.")
        String thumbprint,
        @Doc("An HTTP proxy in front of vCenter. When absent, the https_proxy/HTTPS_PROXY environment variables "
                + "are used (http_proxy/HTTP_PROXY for an http address), unless no_proxy/NO_PROXY names vCenter's "
                + "host.")
        ProxySettings proxy) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(auth != null, "auth", "required");
        v.check(!auth.username().isBlank(), "auth", "basicAuth.username must not be empty");
        v.check(pageSize >= 1 && pageSize <= 1000, "pageSize", "must be 1 to 1000");
        v.check(!checkpointMaxAge.isZero(), "checkpointMaxAge", "must be more than zero");
        v.check(maxWait.toSeconds() >= 1 && maxWait.toSeconds() <= 600, "maxWait", "must be 1s to 10m");
        v.check(!keepAliveInterval.isZero(), "keepAliveInterval", "must be more than zero");
        v.check(!reconnectBackoffMin.isZero(), "reconnectBackoffMin", "must be more than zero");
        v.check(reconnectBackoffMax.compareTo(reconnectBackoffMin) >= 0, "reconnectBackoffMax",
                "must not be less than reconnectBackoffMin");
        v.check(!requestTimeout.isZero(), "requestTimeout", "must be more than zero");
        v.check(stallTimeout.toMillis() >= 1000, "stallTimeout", "must be at least 1s");
        if (thumbprint != null) {
            try {
                Thumbprint.parse(thumbprint);
            } catch (IllegalArgumentException e) {
                throw v.error("thumbprint", e.getMessage());
            }
            v.check(!insecureSSL, "thumbprint", "pins vCenter's certificate, while insecureSSL accepts any: set one "
                    + "of them");
            v.check(sdkUrl().getScheme().equals("https"), "thumbprint", "needs an https address");
        }
        if (proxy == null) {
            try {
                httpProxy();
            } catch (IllegalArgumentException e) {
                throw v.error("proxy", "not set, and the environment's proxy cannot be used: " + e.getMessage());
            }
        }
        checkEventTypes(v, "eventTypes", eventTypes);
        checkEventTypes(v, "excludeEventTypes", excludeEventTypes);
        try {
            eventTypeFilter();
        } catch (IllegalArgumentException e) {
            throw v.error("excludeEventTypes", e.getMessage() + ": no event would be read");
        }
    }

    private static void checkEventTypes(Validation v, String field, List<String> names) throws ConfigException {
        for (int i = 0; i < names.size(); i++) {
            Optional<String> problem = EventTypeFilter.problem(names.get(i));
            if (problem.isPresent()) {
                throw v.error(field, i, problem.get());
            }
        }
    }

    /** The TLS context for vCenter: trust in the pinned thumbprint, in no certificate (insecureSSL), or in the CAs. */
    SSLContext tls(ConnectorTls tls) {
        return thumbprint != null ? PinnedCertificate.context(Thumbprint.parse(thumbprint))
                : tls.context(insecureSSL);
    }

    /** The proxy to reach vCenter through: the proxy setting, else the process environment's; empty: none. */
    Optional<HttpProxy> httpProxy() {
        return VCenterProxy.choose(proxy, sdkUrl(), System.getenv());
    }

    /** What {@link #eventTypes} and {@link #excludeEventTypes} ask of vCenter and of the router. */
    EventTypeFilter eventTypeFilter() {
        return EventTypeFilter.of(eventTypes, excludeEventTypes);
    }

    /** The SOAP endpoint: the address without user info, with {@code /sdk} when it names no path (as govmomi does). */
    public URI sdkUrl() {
        URI uri = address.uri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
                ? "/sdk" : uri.getRawPath();
        try {
            return new URI(uri.getScheme().toLowerCase(java.util.Locale.ROOT), null, uri.getHost(), uri.getPort(),
                    null, null, null).resolve(path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad vCenter address " + this.address, e);
        }
    }

    /** vCenter's host name or address (an IPv6 address without brackets): for thread and checkpoint file names. */
    public String host() {
        return sdkUrl().getHost().replace("[", "").replace("]", "");
    }

    @Override
    public String toString() {
        return "VCenterConfig[address=" + address + ", insecureSSL=" + insecureSSL + ", checkpoint=" + checkpoint
                + ", checkpointDir=" + checkpointDir + ", auth=" + auth + ", format=" + format.wireName()
                + (eventTypes.isEmpty() ? "" : ", eventTypes=" + eventTypes)
                + (excludeEventTypes.isEmpty() ? "" : ", excludeEventTypes=" + excludeEventTypes)
                + (thumbprint == null ? "" : ", thumbprint=" + thumbprint) + (proxy == null ? "" : ", proxy=" + proxy)
                + "]";
    }
}
