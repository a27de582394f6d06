package io.eventrouter.journal;

/** One record read back from the journal; {@code endPosition} is where the next one starts in its segment. */
public record JournalEntry(long sequence, byte[] payload, long endPosition) {
}
