package io.eventrouter.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.BindWith;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.config.TypeAdapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Free-form producer properties. Values are scalars of any YAML type (Kafka parses them itself) and may be
 * references to secrets; {@link #toString()} shows the keys only, because SASL and TLS passwords live here.
 */
@BindWith(KafkaProperties.Adapter.class)
public record KafkaProperties(Map<String, String> values) {

    public KafkaProperties {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String toString() {
        return "KafkaProperties" + values.keySet();
    }

    static final class Adapter implements TypeAdapter<KafkaProperties> {

        @Override
        public KafkaProperties bind(ConfigNode node, ConfigPath path, Binder binder) throws ConfigException {
            if (!(node instanceof MapNode map)) {
                throw new ConfigException(path, node.location(), "expected a mapping of producer properties, got "
                        + node.describe());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (MapNode.Entry entry : map.entries().values()) {
                ConfigPath at = path.field(entry.key());
                if (!(entry.value() instanceof ConfigNode.ScalarNode)) {
                    throw new ConfigException(at, entry.value().location(), "expected a single value, got "
                            + entry.value().describe());
                }
                values.put(entry.key(), binder.bind(entry.value(), String.class, at));
            }
            return new KafkaProperties(values);
        }

        @Override
        public void describe(ObjectNode schema, SchemaWriter writer) {
            schema.put("type", "object");
            ObjectNode value = schema.putObject("additionalProperties");
            value.put("description", "A producer property's value, as Kafka documents it.");
            value.putArray("type").add("string").add("integer").add("number").add("boolean");
        }
    }
}
