package io.eventrouter.app.viewer;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which {@code Host} headers the viewer answers. A web page the user visits can make the browser resolve its own
 * DNS name to 127.0.0.1 (DNS rebinding) and then read the viewer as if it were its own site; the browser still
 * sends that page's name as the Host. So only names known to mean this router are accepted: IP addresses (a
 * page cannot rebind those), {@code localhost} and its subdomains, the bind address, and the configured names.
 */
final class AllowedHosts {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.%A-Za-z]*]");

    private final Set<String> names;
    private final boolean any;

    AllowedHosts(List<String> configured, String bindHost) {
        this.names = configured.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.any = names.contains("*");
        if (bindHost != null && !bindHost.isEmpty()) {
            names.add(bindHost.toLowerCase(Locale.ROOT));
        }
    }

    /** @param hostHeader the request's Host header (with or without a port), or {@code null} */
    boolean allows(String hostHeader) {
        if (any) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = withoutPort(hostHeader.strip()).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches() || host.equals("localhost")
                || host.endsWith(".localhost") || names.contains(host);
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
