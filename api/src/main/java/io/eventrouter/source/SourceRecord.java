package io.eventrouter.source;

import io.cloudevents.CloudEvent;

/**
 * One item of a batch a {@link PositionedSource} read: an event to publish with the position it leaves the stream
 * at; or a position to pass over without publishing (an input that could not be converted and was reported); or only
 * a mark of something read again that was handed on before (a reconnect reads a little before its position).
 *
 * @param event    the event to publish; null when there is nothing to publish
 * @param position the position after this item; null for an item read again
 * @param mark     where the item sits in the stream, for stall and lag accounting; null when unknown
 */
public record SourceRecord<P>(CloudEvent event, P position, Mark mark) {

    public static <P> SourceRecord<P> publish(CloudEvent event, P position, Mark mark) {
        return new SourceRecord<>(event, position, mark);
    }

    /** Moves the position without publishing: later checkpoints may pass it. */
    public static <P> SourceRecord<P> passOver(P position, Mark mark) {
        return new SourceRecord<>(null, position, mark);
    }

    /** Read again, handed on before: it counts as read, and nothing else happens. */
    public static <P> SourceRecord<P> seenBefore(Mark mark) {
        return new SourceRecord<>(null, null, mark);
    }
}
