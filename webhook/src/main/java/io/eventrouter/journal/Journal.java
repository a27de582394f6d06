package io.eventrouter.journal;

import io.eventrouter.checkpoint.FileCheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A bounded, fsync'd write-ahead log for events a push source has accepted. {@link #append} returns once the records
 * are on disk (concurrent appends share one fsync); a single {@link Cursor} reads them back in order, from the oldest
 * record not yet acknowledged, so after a crash everything acknowledged to a sender but not delivered is read again.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String ACK_FILE = "journal.ack";
    private static final long ACK_WRITE_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

    /** Thrown by {@link #append} when the journal holds {@code maxBytes} already. */
    public static final class FullException extends Exception {
        FullException(long maxBytes) {
            super("journal full (" + maxBytes + " bytes)", null, false, false);
        }
    }

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileCheckpointStore ackStore;
    private final ConcurrentSkipListMap<Long, JournalSegment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object syncLock = new Object();
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition synced = signalLock.newCondition();
    private JournalSegment current;
    private long nextSequence;
    private volatile long writtenSequence;
    private volatile long syncedSequence;
    private volatile long acknowledged;
    private long bytes;
    private long lastAckWrite;
    private volatile boolean closed;

    private Journal(Path directory, long maxBytes, long segmentBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.ackStore = new FileCheckpointStore(directory);
    }

    /** Opens (or creates) the journal in {@code directory}, cutting off a torn tail left by a crash. */
    public static Journal open(Path directory, long maxBytes, long segmentBytes) throws IOException {
        Files.createDirectories(directory);
        Journal journal = new Journal(directory, maxBytes, segmentBytes);
        journal.recover();
        return journal;
    }

    private void recover() throws IOException {
        acknowledged = ackStore.read(ACK_FILE).map(text -> Long.parseLong(text.strip())).orElse(0L);
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().matches("journal-\\d+\\.log")).sorted().toList();
        }
        long last = acknowledged;
        for (Path file : files) {
            List<JournalEntry> entries = new ArrayList<>();
            JournalSegment segment = JournalSegment.recover(file, entries);
            segments.put(segment.firstSequence(), segment);
            bytes += segment.size();
            if (!entries.isEmpty()) {
                last = Math.max(last, entries.getLast().sequence());
            }
        }
        nextSequence = last + 1;
        writtenSequence = last;
        syncedSequence = last;
        deleteAcknowledgedSegments();
        long pending = Math.max(0, last - acknowledged);
        if (pending > 0) {
            LOG.info("journal {}: {} accepted events not yet delivered will be delivered now", directory, pending);
        }
    }

    /**
     * Appends records and returns once they are on disk; the records get consecutive sequence numbers.
     *
     * @throws FullException when the journal would grow beyond its limit
     */
    public void append(List<byte[]> payloads) throws IOException, FullException {
        long size = payloads.stream().mapToLong(p -> JournalSegment.HEADER + p.length).sum();
        long last;
        writeLock.lock();
        try {
            if (closed) {
                throw new IOException("journal closed");
            }
            if (bytes + size > maxBytes) {
                throw new FullException(maxBytes);
            }
            if (current == null || current.size() >= segmentBytes) {
                roll();
            }
            long before = current.size();
            current.append(payloads, nextSequence);
            bytes += current.size() - before;
            nextSequence += payloads.size();
            last = nextSequence - 1;
            writtenSequence = last;
        } finally {
            writeLock.unlock();
        }
        sync(last);
    }

    private void roll() throws IOException {
        if (current != null) {
            current.force();
        }
        current = JournalSegment.create(directory, nextSequence);
        segments.put(current.firstSequence(), current);
    }

    /** Forces the journal to disk at least up to {@code sequence}; concurrent callers share one fsync. */
    private void sync(long sequence) throws IOException {
        synchronized (syncLock) {
            if (syncedSequence >= sequence) {
                return;
            }
            long target = writtenSequence;
            JournalSegment segment;
            writeLock.lock();
            try {
                segment = current;
            } finally {
                writeLock.unlock();
            }
            segment.force();
            syncedSequence = target;
        }
        signalLock.lock();
        try {
            synced.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /**
     * Marks every record up to {@code sequence} as delivered: they are not read again after a restart, and segments
     * that hold only such records are deleted.
     */
    public synchronized void acknowledgeUpTo(long sequence) {
        if (sequence <= acknowledged) {
            return;
        }
        acknowledged = sequence;
        long now = System.nanoTime();
        if (now - lastAckWrite >= ACK_WRITE_INTERVAL_NANOS) {
            lastAckWrite = now;
            persistAcknowledged();
        }
        deleteAcknowledgedSegments();
    }

    private void persistAcknowledged() {
        try {
            ackStore.write(ACK_FILE, Long.toString(acknowledged));
        } catch (IOException e) {
            LOG.warn("journal {}: cannot record delivered events ({}); they may be delivered again after a restart",
                    directory, e.toString());
        }
    }

    private void deleteAcknowledgedSegments() {
        writeLock.lock();
        try {
            for (Map.Entry<Long, JournalSegment> entry : segments.entrySet()) {
                Long next = segments.higherKey(entry.getKey());
                JournalSegment segment = entry.getValue();
                if (next == null || segment == current || next - 1 > acknowledged) {
                    break;
                }
                segments.remove(entry.getKey());
                bytes -= segment.size();
                segment.close();
                Files.deleteIfExists(segment.file());
            }
        } catch (IOException e) {
            LOG.warn("journal {}: cannot delete a delivered segment: {}", directory, e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    /** How many records were appended and are not acknowledged yet: what a restart would deliver. */
    public long pending() {
        return Math.max(0, writtenSequence - acknowledged);
    }

    /** The directory the journal lives in. */
    public Path directory() {
        return directory;
    }

    /** Bytes on disk. */
    public long bytes() {
        writeLock.lock();
        try {
            return bytes;
        } finally {
            writeLock.unlock();
        }
    }

    /** Reads records in order, from the oldest one not acknowledged; one cursor per journal. */
    public Cursor cursor() {
        return new Cursor(acknowledged + 1);
    }

    /** A reader of the records that are on disk, waiting for new ones. */
    public final class Cursor {

        private long nextSequence;
        private long segmentKey = -1;
        private long position;

        private Cursor(long from) {
            this.nextSequence = from;
        }

        /** The next records (at most {@code max}), waiting up to {@code wait} for some; empty when none came. */
        public List<JournalEntry> next(int max, Duration wait) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            signalLock.lock();
            try {
                while (syncedSequence < nextSequence && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    synced.awaitNanos(left);
                }
            } finally {
                signalLock.unlock();
            }
            List<JournalEntry> out = new ArrayList<>();
            long limit = syncedSequence;
            while (out.size() < max && nextSequence <= limit) {
                Map.Entry<Long, JournalSegment> segment = segments.floorEntry(nextSequence);
                if (segment == null) {
                    break;
                }
                if (segment.getKey() != segmentKey) {
                    segmentKey = segment.getKey();
                    position = 0;
                }
                JournalEntry entry = segment.getValue().read(position);
                if (entry == null) {
                    Long following = segments.higherKey(segmentKey);
                    if (following == null) {
                        break;
                    }
                    segmentKey = following;
                    position = 0;
                    continue;
                }
                position = entry.endPosition();
                if (entry.sequence() >= nextSequence) {
                    out.add(entry);
                    nextSequence = entry.sequence() + 1;
                }
            }
            return out;
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
            persistAcknowledged();
            for (JournalSegment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        } finally {
            writeLock.unlock();
        }
        signalLock.lock();
        try {
            synced.signalAll();
        } finally {
            signalLock.unlock();
        }
    }
}
