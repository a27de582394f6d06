package io.eventrouter.testing;

import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.References;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Binds a connector's settings section from YAML text or from one of the shipped example configurations. */
public final class ConfigSections {

    private ConfigSections() {
    }

    /** Binds YAML text (the section's content) to {@code type}, as the application would. */
    public static <T> T bind(String yaml, Class<T> type) throws ConfigException {
        return new Binder(References.system()).bind(ConfigTreeReader.read(yaml), type, ConfigPath.ROOT);
    }

    /** Binds the node at {@code keys} (e.g. {@code eventProcessor}, {@code openfaas}) of an example configuration. */
    public static <T> T bindExample(String fileName, Class<T> type, String... keys) throws ConfigException {
        ConfigNode node = ConfigTreeReader.read(readExample(fileName));
        ConfigPath path = ConfigPath.ROOT;
        for (String key : keys) {
            if (!(node instanceof ConfigNode.MapNode map) || !map.has(key)) {
                throw new ConfigException(path.field(key), node.location(), "missing in " + fileName);
            }
            node = map.get(key);
            path = path.field(key);
        }
        return new Binder(References.system()).bind(node, type, path);
    }

    /** The text of {@code examples/configs/<fileName>} of this project. */
    public static String readExample(String fileName) {
        Path file = projectRoot().resolve("examples").resolve("configs").resolve(fileName);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's top directory: the {@code project.root} property Surefire sets, or found from the working dir. */
    public static Path projectRoot() {
        String configured = System.getProperty("project.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project's examples directory");
        }
        return dir;
    }
}
