package io.eventrouter.eventbridge;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One CloudEvent as a PutEvents entry and as the event EventBridge builds from it: {@code Detail} is the structured
 * CloudEvent JSON, {@code Source} its source, {@code DetailType} its subject (the original's mapping; the type when
 * there is no subject, because EventBridge refuses an empty DetailType).
 */
record Envelope(String source, String detailType, String detail) {

    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    static Envelope of(CloudEvent event) {
        String detailType = event.getSubject() != null && !event.getSubject().isEmpty()
                ? event.getSubject() : event.getType();
        return new Envelope(event.getSource().toString(), detailType,
                new String(JSON.serialize(event), StandardCharsets.UTF_8));
    }

    /**
     * The entry's size as EventBridge counts it against the 256 KB request limit: the UTF-8 bytes of Source,
     * DetailType and Detail (no Time and no Resources are sent).
     */
    int size() {
        return utf8(source) + utf8(detailType) + utf8(detail);
    }

    /** The event as a rule sees it on the bus (top-level fields, and the CloudEvent under {@code detail}). */
    String asBusEvent(String account, String region, Instant now) {
        return "{\"version\":\"0\",\"detail-type\":" + quote(detailType) + ",\"source\":" + quote(source)
                + ",\"account\":" + quote(account) + ",\"time\":" + quote(now.truncatedTo(ChronoUnit.SECONDS).toString())
                + ",\"region\":" + quote(region) + ",\"resources\":[],\"detail\":" + detail + "}";
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
