package io.eventrouter.app.viewer;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may see the viewer, which shows every event's data. With the metrics server's basic auth, whoever has the
 * credentials (checked by the server). Without it, only clients on this host — a browser on the machine, or
 * {@code kubectl port-forward}, whose connections arrive from the pod's loopback — unless the configuration opens it to
 * everyone. The original's metrics port served only {@code /stats}.
 */
record ViewerAccess(boolean authenticated, boolean allowUnauthenticatedRemote) {

    static final String REFUSED = "the event viewer shows event data and answers only clients on this host while the "
            + "metrics server has no auth: configure metricsProvider.default.auth, or set "
            + "metricsProvider.default.viewer.allowUnauthenticatedRemote: true";

    boolean allows(String remoteAddress) {
        return authenticated || allowUnauthenticatedRemote || isLoopback(remoteAddress);
    }

    /** Whether {@code address}, an IP literal as the server reports it (IPv6 maybe in brackets), is this host's. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        String literal = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (!literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
            return false; // not an IP literal: never resolve names here
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
