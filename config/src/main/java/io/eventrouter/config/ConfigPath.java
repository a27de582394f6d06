package io.eventrouter.config;

/** The path of a node from the document root, written as {@code eventProvider.vcenter.address} or {@code [0].auth}. */
public final class ConfigPath {

    public static final ConfigPath ROOT = new ConfigPath(null, "");

    private final ConfigPath parent;
    private final String segment;

    private ConfigPath(ConfigPath parent, String segment) {
        this.parent = parent;
        this.segment = segment;
    }

    public ConfigPath field(String name) {
        return new ConfigPath(this, isRoot() ? name : "." + name);
    }

    public ConfigPath index(int index) {
        return new ConfigPath(this, "[" + index + "]");
    }

    public boolean isRoot() {
        return parent == null;
    }

    @Override
    public String toString() {
        if (isRoot()) {
            return "";
        }
        return parent.toString() + segment;
    }
}
