package io.eventrouter.config.file;

import io.eventrouter.config.WireEnum;

public enum ConfigKind implements WireEnum {
    ROUTER_CONFIG;

    @Override
    public String wireName() {
        return "RouterConfig";
    }
}
