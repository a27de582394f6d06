package io.eventrouter.config.file;

import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Location;
import io.eventrouter.config.Required;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the original's first configuration format (v0.3–v0.4: a JSON array of {@code type, provider, address, auth,
 * options} entries with string-valued options) into the equivalent v1alpha1 tree, keeping the entries' locations so
 * errors still point into the JSON file.
 */
final class LegacyConfigConverter {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyConfigConverter.class);

    @Doc("An entry of the original's JSON configuration.")
    record Entry(
            @Required @Doc("stream, processor or metrics.") String type,
            @Doc("vmware_vcenter, openfaas, aws_event_bridge or internal.") String provider,
            @Doc("URL of the source or destination, or the metrics listen address.") String address,
            @Doc("Credentials.") Auth auth,
            @Doc("String-valued options.") Map<String, String> options) {
    }

    @Doc("Credentials of an entry.")
    record Auth(
            @Doc("user_password, basic_auth, access_key or none.") String method,
            @Doc("username/password or aws_access_key_id/aws_secret_access_key.") Map<String, String> secret) {
    }

    private record Located(Entry entry, MapNode node, ConfigPath path) {
    }

    private LegacyConfigConverter() {
    }

    static MapNode convert(ListNode list, Binder binder) throws ConfigException {
        Located stream = null;
        Located processor = null;
        Located metrics = null;
        for (int i = 0; i < list.items().size(); i++) {
            ConfigPath path = ConfigPath.ROOT.index(i);
            ConfigNode item = list.items().get(i);
            Entry entry = binder.bind(item, Entry.class, path);
            Located located = new Located(entry, (MapNode) item, path);
            String type = entry.type();
            String provider = entry.provider() == null ? "" : entry.provider();
            // The README's table swapped the two values of the metrics entry; accept both spellings.
            boolean isMetrics = type.equals("metrics") || (type.equals("internal") && provider.equals("metrics"));
            switch (isMetrics ? "metrics" : type) {
                case "stream" -> stream = warnIfReplaced(stream, located, "stream");
                case "processor" -> processor = warnIfReplaced(processor, located, "processor");
                case "metrics" -> metrics = warnIfReplaced(metrics, located, "metrics");
                default -> throw error(located, "type", "unknown type \"" + type + "\" (expected stream, processor or metrics)");
            }
        }
        Location top = list.location();
        if (stream == null) {
            throw new ConfigException(ConfigPath.ROOT, top, "no entry with type \"stream\" (the event source)");
        }
        if (processor == null) {
            throw new ConfigException(ConfigPath.ROOT, top, "no entry with type \"processor\"");
        }
        if (metrics == null) {
            throw new ConfigException(ConfigPath.ROOT, top, "no entry with type \"metrics\"");
        }
        Map<String, ConfigNode> root = new LinkedHashMap<>();
        root.put("apiVersion", ConfigNodes.string(top, ApiVersion.V1ALPHA1.wireName()));
        root.put("kind", ConfigNodes.string(top, ConfigKind.ROUTER_CONFIG.wireName()));
        root.put("metadata", ConfigNodes.map(top, "name", ConfigNodes.string(top, "converted-from-json")));
        root.put("eventProvider", provider(stream));
        root.put("eventProcessor", processor(processor));
        root.put("metricsProvider", metrics(metrics));
        return ConfigNodes.map(top, root);
    }

    private static Located warnIfReplaced(Located previous, Located next, String what) {
        if (previous != null) {
            LOG.warn("configuration has more than one {} entry; the last one ({}) is used, as the original did", what,
                    next.path());
        }
        return next;
    }

    private static ConfigNode provider(Located stream) throws ConfigException {
        requireProvider(stream, "vmware_vcenter");
        Location at = stream.node().location();
        Map<String, ConfigNode> vcenter = new LinkedHashMap<>();
        vcenter.put("address", required(stream, "address"));
        vcenter.put("insecureSSL", ConfigNodes.bool(at, option(stream, "insecure", false)));
        vcenter.put("auth", basicAuth(stream, "user_password"));
        return ConfigNodes.map(at, "type", ConfigNodes.string(at, "vcenter"),
                "name", ConfigNodes.string(at, "vmware_vcenter"), "vcenter", ConfigNodes.map(at, vcenter));
    }

    private static ConfigNode processor(Located located) throws ConfigException {
        Location at = located.node().location();
        String provider = located.entry().provider() == null ? "" : located.entry().provider();
        Map<String, ConfigNode> section = new LinkedHashMap<>();
        String type;
        String key;
        switch (provider) {
            case "openfaas" -> {
                type = "openfaas";
                key = "openfaas";
                section.put("address", required(located, "address"));
                section.put("async", ConfigNodes.bool(at, option(located, "async", false)));
                section.put("auth", basicAuth(located, "basic_auth"));
            }
            case "aws_event_bridge" -> {
                type = "aws_event_bridge";
                key = "awsEventBridge";
                section.put("region", requiredOption(located, "aws_region"));
                section.put("eventBus", optionNode(located, "aws_eventbridge_event_bus", "default"));
                section.put("ruleARN", requiredOption(located, "aws_eventbridge_rule_arn"));
                section.put("auth", awsAuth(located));
            }
            default -> throw error(located, "provider", "unknown processor \"" + provider
                    + "\" (expected openfaas or aws_event_bridge)");
        }
        return ConfigNodes.map(at, "type", ConfigNodes.string(at, type), "name", ConfigNodes.string(at, type),
                key, ConfigNodes.map(at, section));
    }

    private static ConfigNode metrics(Located located) throws ConfigException {
        Location at = located.node().location();
        Map<String, ConfigNode> settings = new LinkedHashMap<>();
        String address = located.entry().address();
        settings.put("bindAddress", address == null || address.isBlank() ? ConfigNodes.string(at, "0.0.0.0:8080")
                : located.node().get("address"));
        Entry entry = located.entry();
        String method = entry.auth() == null || entry.auth().method() == null ? "none" : entry.auth().method();
        if (!method.equals("none")) {
            settings.put("auth", basicAuth(located, "basic_auth"));
        }
        return ConfigNodes.map(at, "type", ConfigNodes.string(at, "default"),
                "name", ConfigNodes.string(at, "metrics"), "default", ConfigNodes.map(at, settings));
    }

    private static ConfigNode basicAuth(Located located, String method) throws ConfigException {
        Auth auth = requireAuth(located, method);
        Location at = authLocation(located);
        Map<String, ConfigNode> credentials = new LinkedHashMap<>();
        credentials.put("username", secretNode(located, auth, "username"));
        credentials.put("password", secretNode(located, auth, "password"));
        return ConfigNodes.map(at, "type", ConfigNodes.string(at, "basic_auth"),
                "basicAuth", ConfigNodes.map(at, credentials));
    }

    private static ConfigNode awsAuth(Located located) throws ConfigException {
        Auth auth = requireAuth(located, "access_key");
        Location at = authLocation(located);
        Map<String, ConfigNode> keys = new LinkedHashMap<>();
        keys.put("accessKey", secretNode(located, auth, "aws_access_key_id"));
        keys.put("secretKey", secretNode(located, auth, "aws_secret_access_key"));
        return ConfigNodes.map(at, "type", ConfigNodes.string(at, "aws_access_key"),
                "awsAccessKeyAuth", ConfigNodes.map(at, keys));
    }

    private static Auth requireAuth(Located located, String method) throws ConfigException {
        Auth auth = located.entry().auth();
        if (auth == null) {
            throw error(located, "auth", "missing required field (method " + method + ")");
        }
        if (!method.equals(auth.method())) {
            throw new ConfigException(located.path().field("auth").field("method"), authLocation(located),
                    "must be \"" + method + "\", got \"" + auth.method() + "\"");
        }
        return auth;
    }

    private static ConfigNode secretNode(Located located, Auth auth, String name) throws ConfigException {
        String value = auth.secret() == null ? null : auth.secret().get(name);
        if (value == null) {
            throw new ConfigException(located.path().field("auth").field("secret").field(name), authLocation(located),
                    "missing required field");
        }
        MapNode authNode = (MapNode) located.node().get("auth");
        ConfigNode secrets = authNode.get("secret");
        return ((MapNode) secrets).get(name);
    }

    private static Location authLocation(Located located) {
        ConfigNode auth = located.node().get("auth");
        return auth == null ? located.node().location() : auth.location();
    }

    private static void requireProvider(Located located, String expected) throws ConfigException {
        if (!expected.equals(located.entry().provider())) {
            throw error(located, "provider", "must be \"" + expected + "\", got \"" + located.entry().provider() + "\"");
        }
    }

    private static ConfigNode required(Located located, String key) throws ConfigException {
        ConfigNode node = located.node().get(key);
        if (node == null) {
            throw error(located, key, "missing required field");
        }
        return node;
    }

    private static boolean option(Located located, String name, boolean fallback) throws ConfigException {
        String value = located.entry().options() == null ? null : located.entry().options().get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(located.path().field("options").field(name), optionLocation(located, name),
                    "must be \"true\" or \"false\", got \"" + value + "\"");
        };
    }

    private static ConfigNode requiredOption(Located located, String name) throws ConfigException {
        ConfigNode node = optionNode(located, name, null);
        if (node == null) {
            throw new ConfigException(located.path().field("options").field(name), located.node().location(),
                    "missing required option");
        }
        return node;
    }

    private static ConfigNode optionNode(Located located, String name, String fallback) {
        ConfigNode options = located.node().get("options");
        if (options instanceof MapNode map && map.has(name)) {
            return map.get(name);
        }
        return fallback == null ? null : ConfigNodes.string(located.node().location(), fallback);
    }

    private static Location optionLocation(Located located, String name) {
        ConfigNode node = optionNode(located, name, null);
        return node == null ? located.node().location() : node.location();
    }

    private static ConfigException error(Located located, String key, String problem) {
        ConfigNode node = located.node().get(key);
        return new ConfigException(located.path().field(key), node == null ? located.node().location() : node.location(),
                problem);
    }
}
