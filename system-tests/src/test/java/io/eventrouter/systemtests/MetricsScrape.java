package io.eventrouter.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads single values from the router's Prometheus text at /metrics. */
final class MetricsScrape {

    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
    }

    static MetricsScrape of(URI metrics) throws Exception {
        return new MetricsScrape(HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The sum of every sample of {@code name} whose labels contain all {@code labelParts} (0 when none). */
    double sum(String name, String... labelParts) {
        double total = 0;
        Matcher line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        outer:
        while (line.find()) {
            String labels = line.group(1) == null ? "" : line.group(1);
            for (String part : labelParts) {
                if (!labels.contains(part)) {
                    continue outer;
                }
            }
            total += Double.parseDouble(line.group(2));
        }
        return total;
    }
}
