package io.eventrouter.metrics;

import java.util.Map;
import java.util.function.Function;

/**
 * Bounds a map keyed by event content (a subject, a type): at most {@code maxKeys} keys of at most
 * {@code maxLength} characters each; once full, new keys share the {@link #OTHER} entry. Without this, every
 * distinct value a sender makes up stays in memory for the life of the process. Under concurrent first use the
 * map may pass {@code maxKeys} by the number of threads adding at that moment, never more.
 */
public final class ContentKeys {

    public static final String OTHER = "(other)";

    private final int maxKeys;
    private final int maxLength;

    public ContentKeys(int maxKeys, int maxLength) {
        this.maxKeys = maxKeys;
        this.maxLength = maxLength;
    }

    /** The entry for {@code key}: its own while there is room, else the shared one for {@link #OTHER}. */
    public <V> V entry(Map<String, V> map, String key, Function<String, V> create) {
        String bounded = shorten(key);
        V value = map.get(bounded);
        if (value != null) {
            return value;
        }
        return map.computeIfAbsent(map.size() < maxKeys ? bounded : OTHER, create);
    }

    /** The key cut to {@code maxLength} characters, marked with "…" when it was cut. */
    public String shorten(String key) {
        if (key == null || key.length() <= maxLength) {
            return key;
        }
        int end = Character.isHighSurrogate(key.charAt(maxLength - 2)) ? maxLength - 2 : maxLength - 1;
        return key.substring(0, end) + "…";
    }
}
