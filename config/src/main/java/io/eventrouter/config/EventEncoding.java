package io.eventrouter.config;

/** The CloudEvents content modes: attributes in headers and data as the body, or the whole event as a JSON body. */
public enum EventEncoding implements WireEnum {
    BINARY("binary"),
    STRUCTURED("structured");

    private final String wireName;

    EventEncoding(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
