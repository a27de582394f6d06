package io.eventrouter.config.file;

import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Key;
import io.eventrouter.config.WireEnum;

@Doc("Where the router reports its metrics.")
public record MetricsProviderSection(
        @Default("default") @Doc("The metrics provider; default is the built-in HTTP server.") Type type,
        @Doc("A name for logs.") String name,
        @Key("default") @Default("{}") @Doc("Settings of the default metrics server.") MetricsSettings settings) {

    public enum Type implements WireEnum {
        DEFAULT;

        @Override
        public String wireName() {
            return "default";
        }
    }
}
