package io.eventrouter.config.file;

import io.eventrouter.config.WireEnum;

/** The configuration versions this router reads. */
public enum ApiVersion implements WireEnum {
    /** The original router's YAML RouterConfig. */
    V1ALPHA1("event-router.vmware.com/v1alpha1"),
    /** This router's own version: several providers and processors, filters. */
    V1("eventrouter.io/v1");

    private final String wireName;

    ApiVersion(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
