package io.eventrouter.vsphere.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.eventrouter.vsphere.vim25.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one event element of a ReadNextEvents answer into a {@link VimEvent} whose data is govmomi's JSON of it.
 * A class the bundled schema does not know is written with Event's fields followed by everything else it carries.
 * Thread-safe.
 */
public final class EventDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final GovmomiJson json;
    private final TypeInfo eventType;
    private final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

    public EventDecoder(VimSchema schema) {
        this.json = new GovmomiJson(schema);
        this.eventType = schema.type("Event");
        if (eventType == null) {
            throw new IllegalArgumentException("the schema has no Event type");
        }
    }

    public static EventDecoder bundled() {
        return new EventDecoder(VimSchema.bundled());
    }

    public VimEvent decode(XmlElement element) throws EventConversionException {
        String className = element.xsiType() != null ? element.xsiType() : element.name();
        try {
            int key = Integer.parseInt(required(element, "key").strip());
            OffsetDateTime created = GoTime.parse(required(element, "createdTime"));
            EventCategory category = EventCategory.of(className);
            String name = className;
            if (category != EventCategory.EVENT) {
                String typeId = element.childText("eventTypeId");
                if (typeId != null && !typeId.isBlank()) {
                    name = typeId.strip();
                }
            }
            return new VimEvent(className, category, name, key, created, data(element, className));
        } catch (IOException | RuntimeException e) {
            throw new EventConversionException("cannot convert " + className + ": " + e.getMessage(), e);
        }
    }

    /** Only the govmomi JSON of an event element. */
    public byte[] data(XmlElement element, String className) throws IOException {
        TypeInfo type = json.schema().type(className);
        if (type == null || !type.isA("Event")) {
            if (reportedUnknown.add(className)) {
                LOG.info("event class {} is newer than the bundled vSphere 7.0U1 schema; its fields beyond Event's "
                        + "are mapped without schema", className);
            }
            type = eventType;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            json.writeObject(out, element, type);
        }
        return bytes.toByteArray();
    }

    private static String required(XmlElement element, String child) {
        String text = element.childText(child);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no <" + child + ">");
        }
        return text;
    }
}
