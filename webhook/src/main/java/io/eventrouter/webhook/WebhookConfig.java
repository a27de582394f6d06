package io.eventrouter.webhook;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.JournalSettings;
import io.eventrouter.config.Listener;
import io.eventrouter.http.server.TlsSettings;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.time.Duration;

@Doc("Receives CloudEvents over HTTP POST (binary, structured or batched mode) and passes them on unchanged; with "
        + "plainJson, also plain JSON documents, each wrapped into a CloudEvent.")
public record WebhookConfig(
        @Default("0.0.0.0:8080") @Doc("Listen address, <IP>:<PORT>.") String bindAddress,
        @Default("/webhook") @Doc("URL path events are POSTed to; leading and trailing slashes are ignored and it is "
                + "lower-cased, as the original did.") String path,
        @Doc("Basic auth senders must give; absent means none.") BasicAuth auth,
        @Default("4194304") @Doc("Largest accepted request body in bytes, at most " + MAX_BODY_BYTES + " (64 MiB); "
                + "larger requests get 413.") long maxBodyBytes,
        @Default("8192") @Doc("Largest size in bytes of one event's attributes (names and values of everything but "
                + "data), " + MIN_ATTRIBUTE_BYTES + " to " + MAX_ATTRIBUTE_BYTES + "; a request with a larger event gets "
                + "413. Attributes travel as HTTP headers in binary mode, and are kept in the viewer's history and "
                + "/stats.") int maxAttributeBytes,
        @Default("PT1S") @Doc("How long a request waits for room in the router's queues before it is answered 429 "
                + "with Retry-After.") Duration queueWait,
        @Default("PT30S") @Doc("How long a request waits for its events to be delivered (or dead-lettered) before "
                + "it is answered 503; the events stay queued and are still delivered.") Duration deliveryWait,
        @Doc("Answer 200 once events are fsync'd to this local journal instead of after delivery; they are delivered "
                + "from it, also after a crash or restart.") JournalSettings journal,
        @Doc("Serve HTTPS instead of HTTP.") TlsSettings tls,
        @Doc("Also accept plain JSON documents and wrap each into a CloudEvent; absent means CloudEvents only "
                + "(anything else is answered 400).") PlainJsonSettings plainJson)
        implements Validatable, Listener {

    /** The body is held in memory while its events are read, so it must stay well below the heap. */
    public static final long MAX_BODY_BYTES = 64L << 20;
    public static final int MIN_ATTRIBUTE_BYTES = 1024;
    public static final int MAX_ATTRIBUTE_BYTES = 65_536;

    @Override
    public void validate(Validation v) throws ConfigException {
        Addresses.check(v, "bindAddress", bindAddress);
        try {
            WebhookPath.normalize(path);
        } catch (IllegalArgumentException e) {
            throw v.error("path", e.getMessage());
        }
        v.check(maxBodyBytes >= 1024, "maxBodyBytes", "must be at least 1024");
        v.check(maxBodyBytes <= MAX_BODY_BYTES, "maxBodyBytes", "must be at most " + MAX_BODY_BYTES + " (64 MiB)");
        v.check(maxAttributeBytes >= MIN_ATTRIBUTE_BYTES && maxAttributeBytes <= MAX_ATTRIBUTE_BYTES,
                "maxAttributeBytes", "must be from " + MIN_ATTRIBUTE_BYTES + " to " + MAX_ATTRIBUTE_BYTES);
    }
}
