package io.eventrouter.journal;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The journal's record format: the ordering key, then the event as structured CloudEvents JSON. */
public final class JournalRecords {

    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    /** An event with its ordering key. */
    public record Keyed(String orderingKey, CloudEvent event) {
    }

    private JournalRecords() {
    }

    public static byte[] encode(String orderingKey, CloudEvent event) {
        byte[] key = orderingKey.getBytes(StandardCharsets.UTF_8);
        byte[] json = JSON.serialize(event);
        return ByteBuffer.allocate(4 + key.length + json.length).putInt(key.length).put(key).put(json).array();
    }

    public static Keyed decode(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int keyLength = buffer.getInt();
        String key = new String(payload, 4, keyLength, StandardCharsets.UTF_8);
        return new Keyed(key, JSON.deserialize(Arrays.copyOfRange(payload, 4 + keyLength, payload.length)));
    }
}
