package io.eventrouter.vsphere.vim25;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An HTTP proxy the SOAP connection goes through: to an https vCenter through a CONNECT tunnel, with Basic
 * credentials when {@code username} is given. {@link #toString()} never shows the password.
 *
 * @param origin where it was configured, for messages (e.g. {@code "proxy"} or {@code "HTTPS_PROXY"})
 */
public record HttpProxy(String host, int port, String username, String password, String origin) {

    /** The {@code Proxy-Authorization} value, or null when the proxy is used without credentials. */
    String authorization() {
        if (username == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + (password == null ? "" : password))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** {@code http://host:port} (user name, if any, shown; password never). */
    public String describe() {
        return "http://" + (username == null ? "" : username + "@") + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + port + " (from " + origin + ")";
    }

    @Override
    public String toString() {
        return "HttpProxy[" + describe() + "]";
    }
}
