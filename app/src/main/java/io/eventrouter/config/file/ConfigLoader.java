package io.eventrouter.config.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;
import io.eventrouter.config.SchemaWriter;
import io.eventrouter.spi.ConnectorRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a configuration file in any supported format (detected from its content) into a {@link RouterPlan}. Every
 * problem becomes a {@link ConfigException} naming the file, the field path and, where known, the line and column.
 */
public final class ConfigLoader {

    /**
     * The loaded configuration: its format, its tree (v1alpha1 for the original's JSON, converted; else as written),
     * and the plan.
     */
    public record Loaded(ConfigFormat format, MapNode tree, RouterPlan plan) {
    }

    /**
     * The largest configuration file read (1 MiB): real ones are a few KiB, and the YAML parser's cost grows faster
     * than the size, so a bound keeps a wrong or hostile file from taking minutes.
     */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private final ConnectorRegistry registry;
    private final Binder binder;

    public ConfigLoader(ConnectorRegistry registry, References references) {
        this.registry = registry;
        this.binder = new Binder(references).with(ConnectorRegistry.class, registry);
        registry.providers().forEach(factory -> binder.naming(factory.configType(), "provider " + factory.type()));
        registry.processors().forEach(factory -> binder.naming(factory.configType(), "processor " + factory.type()));
        binder.naming(MetricsSettings.class, "the metrics server");
    }

    public Loaded load(Path file) throws ConfigException {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
            // bounded, so that a huge file or a device (/dev/zero) is refused at once instead of read for minutes
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ConfigException(ConfigPath.ROOT, null, "the file is larger than " + MAX_FILE_BYTES
                        + " bytes; a configuration is far smaller (is this the right file?)").inFile(file.toString());
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(ConfigPath.ROOT, null, "no such file").inFile(file.toString());
        } catch (CharacterCodingException e) {
            throw new ConfigException(ConfigPath.ROOT, null, "not a text file (invalid UTF-8)").inFile(file.toString());
        } catch (AccessDeniedException e) {
            throw new ConfigException(ConfigPath.ROOT, null, "cannot read: permission denied").inFile(file.toString());
        } catch (IOException e) {
            throw new ConfigException(ConfigPath.ROOT, null, "cannot read: " + e.getMessage()).inFile(file.toString());
        }
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw e.inFile(file.toString());
        }
    }

    public Loaded parse(String text) throws ConfigException {
        try {
            return parseTree(text);
        } catch (ConfigException e) {
            throw binder.withoutResolvedValues(e);
        }
    }

    private Loaded parseTree(String text) throws ConfigException {
        if (text.length() > MAX_FILE_BYTES) {
            throw new ConfigException(ConfigPath.ROOT, null, "the configuration is larger than " + MAX_FILE_BYTES
                    + " bytes; a configuration is far smaller");
        }
        ConfigNode root = ConfigTreeReader.read(text);
        if (root instanceof ListNode legacy) {
            MapNode converted = LegacyConfigConverter.convert(legacy, binder);
            return checked(new Loaded(ConfigFormat.LEGACY_JSON, converted,
                    planOf(bindV1alpha1(converted), ConfigFormat.LEGACY_JSON)));
        }
        if (!(root instanceof MapNode map)) {
            throw new ConfigException(ConfigPath.ROOT, root.location(), "expected a RouterConfig (a mapping with "
                    + "apiVersion, kind, eventProvider, ...) or the original's JSON array, got " + root.describe());
        }
        if (checkVersion(map) == ApiVersion.V1) {
            return checked(new Loaded(ConfigFormat.V1, map, planOf(bindV1(map))));
        }
        return checked(new Loaded(ConfigFormat.V1ALPHA1, map, planOf(bindV1alpha1(map), ConfigFormat.V1ALPHA1)));
    }

    /** Checks across sections, which no one record can see. */
    private static Loaded checked(Loaded loaded) throws ConfigException {
        PortClashes.check(loaded.tree(), loaded.plan());
        ResumableProviders.check(loaded.tree(), loaded.plan());
        SharedProviderNames.check(loaded.tree(), loaded.plan());
        SharedCheckpointFiles.check(loaded.tree(), loaded.plan());
        return loaded;
    }

    /**
     * The loaded configuration's tree in another version: {@code V1} from any format (v1alpha1 and the original's
     * JSON are converted, and the result is checked by binding it); {@code V1ALPHA1} from v1alpha1 or the original's
     * JSON only, because one provider and one processor without filters cannot hold what v1 can.
     */
    public MapNode convert(Loaded loaded, ApiVersion target) throws ConfigException {
        if (target == ApiVersion.V1ALPHA1) {
            if (loaded.format() == ConfigFormat.V1) {
                throw new ConfigException(ConfigPath.ROOT.field("apiVersion"), loaded.tree().location(),
                        "cannot convert " + ApiVersion.V1.wireName() + " to " + ApiVersion.V1ALPHA1.wireName()
                                + " (that version holds one provider, one processor and no filters)");
            }
            return loaded.tree();
        }
        if (loaded.format() == ConfigFormat.V1) {
            return loaded.tree();
        }
        MapNode converted = V1Converter.fromV1alpha1(loaded.tree());
        try {
            bindV1(converted);
        } catch (ConfigException e) {
            throw binder.withoutResolvedValues(e);
        }
        return converted;
    }

    private ApiVersion checkVersion(MapNode map) throws ConfigException {
        ConfigNode apiVersion = map.get("apiVersion");
        if (apiVersion == null) {
            throw new ConfigException(ConfigPath.ROOT.field("apiVersion"), map.location(),
                    "missing required field (expected " + ApiVersion.V1ALPHA1.wireName() + " or "
                            + ApiVersion.V1.wireName() + ")");
        }
        ApiVersion version = binder.bind(apiVersion, ApiVersion.class, ConfigPath.ROOT.field("apiVersion"));
        ConfigNode kind = map.get("kind");
        if (kind == null) {
            throw new ConfigException(ConfigPath.ROOT.field("kind"), map.location(), "missing required field (expected RouterConfig)");
        }
        binder.bind(kind, ConfigKind.class, ConfigPath.ROOT.field("kind"));
        return version;
    }

    private RouterConfigV1alpha1 bindV1alpha1(MapNode map) throws ConfigException {
        return binder.bind(map, RouterConfigV1alpha1.class, ConfigPath.ROOT);
    }

    private RouterConfigV1 bindV1(MapNode map) throws ConfigException {
        return binder.bind(map, RouterConfigV1.class, ConfigPath.ROOT);
    }

    private static RouterPlan planOf(RouterConfigV1alpha1 config, ConfigFormat format) {
        return new RouterPlan(format, List.of(config.eventProvider()), List.of(config.eventProcessor()),
                config.metricsProvider().settings(), rootCAs(config.certificates()), true, config.highAvailability());
    }

    /** In v1, /stats is keyed by name: there may be several providers or processors of one type. */
    private static RouterPlan planOf(RouterConfigV1 config) {
        return new RouterPlan(ConfigFormat.V1, config.providers(), config.processors(),
                config.metricsProvider().settings(), rootCAs(config.certificates()), false, config.highAvailability());
    }

    private static List<Path> rootCAs(Certificates certificates) {
        return certificates == null ? List.of() : certificates.rootCAs();
    }

    /**
     * The JSON schema of the configuration file, from the same record declarations the loader binds: the version is
     * chosen by {@code apiVersion}, as the loader does.
     */
    public ObjectNode schema() {
        SchemaWriter writer = new SchemaWriter(new Binder(References.system()).with(ConnectorRegistry.class, registry));
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("$schema", SchemaWriter.DIALECT);
        schema.put("$id", "https://eventrouter.io/schemas/routerconfig.schema.json");
        schema.put("title", "Event Router configuration (RouterConfig)");
        schema.put("type", "object");
        ObjectNode apiVersion = schema.putObject("properties").putObject("apiVersion");
        apiVersion.put("description", "The configuration version: " + ApiVersion.V1ALPHA1.wireName()
                + " (the original's, one provider and one processor) or " + ApiVersion.V1.wireName()
                + " (several of each, with filters).");
        ArrayNode versions = apiVersion.putArray("enum");
        Binder.wireNames(ApiVersion.class).forEach(versions::add);
        schema.putArray("required").add("apiVersion");
        ObjectNode condition = schema.putObject("if");
        condition.putObject("properties").putObject("apiVersion").put("const", ApiVersion.V1.wireName());
        condition.putArray("required").add("apiVersion");
        schema.putObject("then").put("$ref", "#/$defs/" + writer.define(RouterConfigV1.class));
        schema.putObject("else").put("$ref", "#/$defs/" + writer.define(RouterConfigV1alpha1.class));
        schema.set("$defs", writer.defs());
        return schema;
    }
}
