package io.eventrouter.app.cli;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads the configuration for a command, printing a bad file as one line. */
final class ConfigFiles {

    static final String DEFAULT_PATH = "/etc/vmware-event-router/config";
    /** Exit status for a bad configuration file. */
    static final int BAD_CONFIG = 2;

    private ConfigFiles() {
    }

    static ConfigLoader loader() {
        return new ConfigLoader(ConnectorRegistry.load(), References.system());
    }

    /** @return the loaded configuration, or {@code null} after printing the problem to {@code err} */
    static ConfigLoader.Loaded load(Path file, PrintWriter err) {
        try {
            return loader().load(file);
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return null;
        }
    }
}
