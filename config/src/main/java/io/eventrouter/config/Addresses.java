package io.eventrouter.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Listen addresses written {@code <IP>:<PORT>} ({@code [::1]:8080} for IPv6), as the original required. */
public final class Addresses {

    private Addresses() {
    }

    /** @throws IllegalArgumentException with the reason when {@code text} is not an IP address and port */
    public static InetSocketAddress parseBindAddress(String text) {
        if (text.contains("/")) {
            throw new IllegalArgumentException("\"" + text + "\" is a URL or path: the host must be an IP address, "
                    + "written <IP>:<PORT> (e.g. 0.0.0.0:8080)");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("\"" + text + "\" is not <IP>:<PORT> (e.g. 0.0.0.0:8080)");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        boolean valid;
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            valid = host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("\"" + text + "\": write IPv6 addresses in brackets, e.g. [::]:8080");
        } else {
            valid = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        }
        if (!valid) {
            throw new IllegalArgumentException("\"" + text + "\": the host must be an IP address, not a name or URL");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": the port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("\"" + text + "\": the port must be 0 to 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\": not a valid IP address");
        }
    }

    /** Checks a bind address field of a record during validation. */
    public static void check(Validation validation, String key, String value) throws ConfigException {
        try {
            parseBindAddress(value);
        } catch (IllegalArgumentException e) {
            throw validation.error(key, e.getMessage());
        }
    }
}
