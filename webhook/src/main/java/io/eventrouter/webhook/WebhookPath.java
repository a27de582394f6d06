package io.eventrouter.webhook;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The original's path rules: empty means {@code webhook}, {@code /} is refused, slashes trimmed, lower-cased. */
final class WebhookPath {

    private WebhookPath() {
    }

    /** Returns the path with one leading slash, e.g. {@code /webhook}. */
    static String normalize(String configured) {
        String path = configured == null ? "" : configured.strip();
        if (path.equals("/")) {
            throw new IllegalArgumentException("must not be \"/\"");
        }
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (path.isEmpty()) {
            path = "webhook";
        }
        StringBuilder escaped = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("must not contain empty segments (\"//\")");
            }
            escaped.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return escaped.toString().toLowerCase(Locale.ROOT);
    }
}
