package io.eventrouter.config.file;

/** Which of the file formats a configuration was written in. */
public enum ConfigFormat {
    /** The original's first format (v0.3–v0.4): a JSON array of {type, provider, address, auth, options}. */
    LEGACY_JSON,
    /** The original's YAML RouterConfig, event-router.vmware.com/v1alpha1. */
    V1ALPHA1,
    /** This router's own YAML RouterConfig, eventrouter.io/v1. */
    V1
}
