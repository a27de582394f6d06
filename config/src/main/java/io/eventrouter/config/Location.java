package io.eventrouter.config;

/** Where a node starts in the configuration file; 1-based, or {@link #UNKNOWN}. */
public record Location(int line, int column) {

    public static final Location UNKNOWN = new Location(0, 0);

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return isKnown() ? "line " + line + ", column " + column : "";
    }
}
