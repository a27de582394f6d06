package io.eventrouter.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The producer configuration: the user's properties plus what the router's guarantees rest on, which the user may
 * not change — acks=all and idempotence (nothing counts as delivered before every in-sync replica has it, and
 * Kafka's own retries neither duplicate nor reorder within a partition).
 */
final class ProducerSettings {

    /** Set by the router; refused in {@code properties}. */
    private static final Set<String> FIXED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    /** Idempotence keeps order with at most this many requests in flight per connection. */
    private static final int MAX_IN_FLIGHT = 5;

    private ProducerSettings() {
    }

    /** Why {@code properties} cannot be used, or {@code null} when they can. */
    static String refusal(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (FIXED.contains(key)) {
                return key + " is set by the router (" + (key.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        ? "use bootstrapServers" : "acks=all, idempotent, no transactions, CloudEvents binding") + ")";
            }
        }
        String inFlight = properties.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null) {
            try {
                int value = Integer.parseInt(inFlight.strip());
                if (value < 1 || value > MAX_IN_FLIGHT) {
                    return "max.in.flight.requests.per.connection must be 1 to 5 (idempotence keeps order only then)";
                }
            } catch (NumberFormatException e) {
                return "max.in.flight.requests.per.connection must be an integer";
            }
        }
        return null;
    }

    /**
     * The producer's properties. Defaults that differ from Kafka's: a shorter wait for metadata (max.block.ms 10 s,
     * so a send while the cluster is down fails within one delivery attempt instead of blocking for a minute) and a
     * delivery.timeout.ms of 30 s, the router's default attempt timeout, so Kafka stops retrying a record about when
     * the router gives up waiting for it.
     */
    static Map<String, Object> of(KafkaConfig config, String clientId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        if (config.properties() != null) {
            settings.putAll(config.properties().values());
        }
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings;
    }
}
