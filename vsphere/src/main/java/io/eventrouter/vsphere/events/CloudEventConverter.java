package io.eventrouter.vsphere.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Makes the CloudEvent for a {@link VimEvent} in one {@link CloudEventFormat}. Both formats use the vCenter URL as
 * {@code source} and {@code createdTime} in UTC as {@code time} (as the original's SDK wrote it), and an {@code id}
 * that is the same whenever the event is read again (after a restart or reconnect), so receivers can drop what they
 * already have.
 */
public final class CloudEventConverter {

    public static final String ROUTER_TYPE_PREFIX = "com.vmware.event.router/";
    public static final String API_VERSION_EXTENSION = "vsphereapiversion";
    public static final String EVENT_CLASS_EXTENSION = "eventclass";
    private static final String JSON = "application/json";

    private final URI source;
    private final String sourceText;
    private final String apiVersion;
    private final CloudEventFormat format;

    /**
     * @param source     the vCenter URL without user info, e.g. {@code https://vc.example.com/sdk}
     * @param apiVersion {@code ServiceContent.about.apiVersion}; empty leaves the extension out
     */
    public CloudEventConverter(URI source, String apiVersion, CloudEventFormat format) {
        this.source = source;
        this.sourceText = source.toString();
        this.apiVersion = apiVersion;
        this.format = format;
    }

    public CloudEvent convert(VimEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withSource(source)
                .withSubject(event.name())
                .withTime(event.createdTime().withOffsetSameInstant(ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(BytesCloudEventData.wrap(event.data()));
        if (format == CloudEventFormat.ROUTER) {
            builder.withId(routerId(event.key(), event.createdTime()))
                    .withType(ROUTER_TYPE_PREFIX + event.category().wireName());
        } else {
            builder.withId(Integer.toString(event.key()))
                    .withType("com.vmware.vsphere." + event.name() + ".v0")
                    .withExtension(EVENT_CLASS_EXTENSION, event.category().wireName());
        }
        if (!apiVersion.isEmpty()) {
            builder.withExtension(API_VERSION_EXTENSION, apiVersion);
        }
        return builder.build();
    }

    /**
     * The original gave each event a random UUID, so a replay looked like a new event. Ours keeps the UUID shape but
     * derives it from the event: RFC 4122 version 3 of {@code "<source>#<key>#<createdTime in UTC>"}. The key alone
     * is not enough: keys start again after vCenter is restored from a backup (or wrap), and the events that then
     * reuse a key were created at other times.
     */
    public String routerId(int key, OffsetDateTime createdTime) {
        return UUID.nameUUIDFromBytes((sourceText + "#" + key + "#" + GoTime.format(createdTime
                .withOffsetSameInstant(ZoneOffset.UTC))).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public CloudEventFormat format() {
        return format;
    }
}
