package io.eventrouter.config;

/** An enum whose constants are written in the file under another spelling (e.g. {@code basic_auth}). */
public interface WireEnum {
    String wireName();
}
