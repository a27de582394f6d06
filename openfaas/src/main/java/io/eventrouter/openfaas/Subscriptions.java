package io.eventrouter.openfaas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which functions subscribe to which topic, from their {@code topic} annotation: a comma-separated list of event
 * subjects, each trimmed and matched exactly.
 */
record Subscriptions(Map<String, List<String>> functionsByTopic) {

    static final String TOPIC_ANNOTATION = "topic";

    /** One function as the gateway lists it: its invocation path and its annotations. */
    record Function(String path, Map<String, String> annotations) {
    }

    Subscriptions {
        functionsByTopic = Map.copyOf(functionsByTopic);
    }

    static Subscriptions of(List<Function> functions) {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (Function function : functions) {
            String topics = function.annotations().get(TOPIC_ANNOTATION);
            if (topics == null) {
                continue;
            }
            for (String topic : topics.split(",")) {
                String trimmed = topic.strip();
                if (!trimmed.isEmpty()) {
                    List<String> paths = byTopic.computeIfAbsent(trimmed, t -> new ArrayList<>());
                    if (!paths.contains(function.path())) {
                        paths.add(function.path());
                    }
                }
            }
        }
        byTopic.replaceAll((topic, paths) -> List.copyOf(paths));
        return new Subscriptions(byTopic);
    }

    /** Invocation paths ({@code name.namespace}) of the functions subscribed to {@code subject}; empty if none. */
    List<String> functionsFor(String subject) {
        return subject == null ? List.of() : functionsByTopic.getOrDefault(subject, List.of());
    }

    int functionCount() {
        return (int) functionsByTopic.values().stream().flatMap(List::stream).distinct().count();
    }
}
