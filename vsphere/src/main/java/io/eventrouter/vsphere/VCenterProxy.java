package io.eventrouter.vsphere;

import io.eventrouter.vsphere.vim25.HttpProxy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which HTTP proxy, if any, the connection to vCenter goes through: the provider's {@code proxy} setting when
 * given; otherwise the environment as curl reads it: {@code https_proxy}, then {@code HTTPS_PROXY} for an https
 * vCenter ({@code http_proxy}, then {@code HTTP_PROXY} for http), unless {@code no_proxy} (or {@code NO_PROXY})
 * names vCenter's host.
 */
final class VCenterProxy {

    private VCenterProxy() {
    }

    /**
     * @throws IllegalArgumentException when the environment's proxy is not a usable URL (saying which variable)
     */
    static Optional<HttpProxy> choose(ProxySettings setting, URI sdkUrl, Map<String, String> environment) {
        if (setting != null) {
            return Optional.of(new HttpProxy(setting.url().getHost(), setting.port(), setting.username(),
                    setting.password() == null ? null : setting.password().reveal(), "the proxy setting"));
        }
        boolean https = sdkUrl.getScheme().equalsIgnoreCase("https");
        String[] names = https ? new String[]{"https_proxy", "HTTPS_PROXY"} : new String[]{"http_proxy", "HTTP_PROXY"};
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                if (bypasses(first(environment, "no_proxy", "NO_PROXY"), sdkUrl.getHost())) {
                    return Optional.empty();
                }
                return Optional.of(fromEnvironment(name, value.strip()));
            }
        }
        return Optional.empty();
    }

    private static String first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }

    /** {@code [http://][user[:password]@]host[:port]}, as curl takes it (port 1080 when missing, as curl's). */
    private static HttpProxy fromEnvironment(String name, String value) {
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a proxy URL: " + e.getReason());
        }
        if (uri.getHost() == null || !uri.getScheme().equalsIgnoreCase("http")) {
            throw new IllegalArgumentException(name + " must be http://host:port (a proxy reached over plain HTTP)");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        return new HttpProxy(uri.getHost(), uri.getPort() < 0 ? 1080 : uri.getPort(), username, password, name);
    }

    /**
     * Whether {@code noProxy} (comma-separated) names {@code host}: {@code *}; a host name, which also covers its
     * subdomains (a leading dot or {@code *.} is allowed); an IP address; or an address range in CIDR form. A port
     * after an entry is ignored.
     */
    static boolean bypasses(String noProxy, String host) {
        String target = unbracket(host.toLowerCase(Locale.ROOT));
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            if (entry.contains("/")) {
                if (inRange(entry, target)) {
                    return true;
                }
                continue;
            }
            entry = unbracket(stripPort(entry));
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            String domain = entry.startsWith(".") ? entry.substring(1) : entry;
            if (target.equals(domain) || target.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    private static String stripPort(String entry) {
        if (entry.startsWith("[")) {
            int end = entry.indexOf(']');
            return end < 0 ? entry : entry.substring(0, end + 1);
        }
        int colon = entry.indexOf(':');
        return colon >= 0 && colon == entry.lastIndexOf(':') ? entry.substring(0, colon) : entry;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Whether the IP address {@code host} is inside the CIDR range {@code cidr}; false for a host name. */
    private static boolean inRange(String cidr, String host) {
        String[] parts = cidr.split("/", 2);
        if (!isIpLiteral(host) || !isIpLiteral(unbracket(parts[0]))) {
            return false;
        }
        try {
            byte[] network = InetAddress.getByName(unbracket(parts[0])).getAddress();
            byte[] address = InetAddress.getByName(host).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (network.length != address.length || bits < 0 || bits > network.length * 8) {
                return false;
            }
            int shift = network.length * 8 - bits;
            return new BigInteger(1, network).shiftRight(shift).equals(new BigInteger(1, address).shiftRight(shift));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** An IPv4 or IPv6 literal (never a name: no DNS lookup is made). */
    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
