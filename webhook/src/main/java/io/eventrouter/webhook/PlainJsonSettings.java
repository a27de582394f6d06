package io.eventrouter.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;
import io.eventrouter.config.WireEnum;

import java.net.URI;
import java.net.URISyntaxException;

@Doc("Plain-JSON mode: a POSTed JSON document that is not a CloudEvent is wrapped into one, with the document "
        + "unchanged as data. Requests that are CloudEvents (ce-specversion header or an application/cloudevents "
        + "content type) are still read as CloudEvents.")
public record PlainJsonSettings(
        @Required @Doc("CloudEvent type of the wrapped documents, e.g. com.vmware.harbor.artifact.") String type,
        @Required @Doc("CloudEvent source of the wrapped documents (a URI reference), e.g. "
                + "https://harbor.example.com.") String source,
        @Doc("JSON pointer to the event id in the document (a string or a number), e.g. /id; absent means the "
                + "SHA-256 of the document, so a resent document gets the same id.") String id,
        @Doc("JSON pointer to the subject (a string or a number); absent means no subject.") String subject,
        @Doc("JSON pointer to the event time: an RFC 3339 string, or a number in timeUnit since the epoch; absent "
                + "means no time.") String time,
        @Default("seconds") @Doc("Unit of a numeric time: seconds or milliseconds.") TimeUnit timeUnit,
        @Default("false") @Doc("A top-level JSON array is split into one event per element (else the whole array is "
                + "one document).") boolean splitArrays)
        implements Validatable {

    /** The unit of a time given as a number. */
    public enum TimeUnit implements WireEnum {
        SECONDS("seconds"),
        MILLISECONDS("milliseconds");

        private final String wireName;

        TimeUnit(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(!type.isBlank(), "type", "must not be empty");
        v.check(!source.isBlank(), "source", "must not be empty");
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw v.error("source", "not a URI reference: " + e.getReason());
        }
        checkPointer(v, "id", id);
        checkPointer(v, "subject", subject);
        checkPointer(v, "time", time);
    }

    private static void checkPointer(Validation v, String key, String pointer) throws ConfigException {
        if (pointer == null) {
            return;
        }
        if (!pointer.startsWith("/")) {
            throw v.error(key, "a JSON pointer starts with \"/\" (RFC 6901), e.g. /id");
        }
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw v.error(key, "not a JSON pointer: " + e.getMessage());
        }
    }
}
