package io.eventrouter.config;

/** Settings of a server the router runs: the loader refuses two of them on one port. */
public interface Listener {

    /** {@code <IP>:<PORT>}, already checked by {@link Addresses#check}. */
    String bindAddress();
}
