package io.eventrouter.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One journal file of records {@code [length:int][crc32c:int][sequence:long][payload]}. A record whose length or
 * checksum does not hold is the torn tail of a crash: it and everything after it are cut off on recovery.
 */
final class JournalSegment implements AutoCloseable {

    static final int HEADER = 16;

    private final Path file;
    private final long firstSequence;
    private final FileChannel channel;
    private volatile long size;

    private JournalSegment(Path file, long firstSequence, FileChannel channel, long size) {
        this.file = file;
        this.firstSequence = firstSequence;
        this.channel = channel;
        this.size = size;
    }

    static String fileName(long firstSequence) {
        return String.format("journal-%020d.log", firstSequence);
    }

    static long firstSequenceOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring("journal-".length(), name.length() - ".log".length()));
    }

    static JournalSegment create(Path directory, long firstSequence) throws IOException {
        Path file = directory.resolve(fileName(firstSequence));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new JournalSegment(file, firstSequence, channel, 0);
    }

    /** Opens an existing segment and cuts off a torn tail; returns it with its valid entries. */
    static JournalSegment recover(Path file, List<JournalEntry> entries) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        JournalSegment segment = new JournalSegment(file, firstSequenceOf(file), channel, channel.size());
        long position = 0;
        while (true) {
            JournalEntry entry = segment.read(position);
            if (entry == null) {
                break;
            }
            entries.add(entry);
            position = entry.endPosition();
        }
        if (position < segment.size) {
            channel.truncate(position);
            channel.force(true);
            segment.size = position;
        }
        return segment;
    }

    /** Appends records (not yet forced to disk); returns the new size. */
    long append(List<byte[]> payloads, long firstSequence) throws IOException {
        int total = 0;
        for (byte[] payload : payloads) {
            total += HEADER + payload.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(total);
        long sequence = firstSequence;
        for (byte[] payload : payloads) {
            CRC32C crc = new CRC32C();
            crc.update(payload);
            buffer.putInt(payload.length).putInt((int) crc.getValue()).putLong(sequence++).put(payload);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            size += channel.write(buffer, size);
        }
        return size;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** The record at {@code position}, or {@code null} at the end (or at a torn record). */
    JournalEntry read(long position) throws IOException {
        if (position + HEADER > size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(header, position);
        header.flip();
        int length = header.getInt();
        int checksum = header.getInt();
        long sequence = header.getLong();
        if (length < 0 || position + HEADER + length > size) {
            return null;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(payload, position + HEADER);
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        if ((int) crc.getValue() != checksum) {
            return null;
        }
        return new JournalEntry(sequence, payload.array(), position + HEADER + length);
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of " + file);
            }
        }
    }

    long size() {
        return size;
    }

    long firstSequence() {
        return firstSequence;
    }

    Path file() {
        return file;
    }

    /** Every entry from {@code position} to the current end. */
    List<JournalEntry> readFrom(long position) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        JournalEntry entry;
        while ((entry = read(position)) != null) {
            entries.add(entry);
            position = entry.endPosition();
        }
        return entries;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
