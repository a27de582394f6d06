package io.eventrouter.journal;

import io.eventrouter.checkpoint.AckWindow;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Publishes a journal's records to the router in order and acknowledges them in the journal once the router is done
 * with every record up to them. Runs on its own thread; publishing blocks while the router is full, and the journal's
 * limit then makes the push source answer "full" to its senders.
 */
public final class JournalPump implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JournalPump.class);

    private final Journal journal;
    private final EventPublisher publisher;
    private final AckWindow<Long> window = new AckWindow<>();
    private volatile boolean running = true;
    private Thread thread;

    public JournalPump(Journal journal, EventPublisher publisher) {
        this.journal = journal;
        this.publisher = publisher;
    }

    public void start(String name) {
        thread = Thread.ofVirtual().name("journal-pump-" + name).start(this::run);
    }

    private void run() {
        Journal.Cursor cursor = journal.cursor();
        try {
            while (running) {
                List<JournalEntry> entries = cursor.next(256, Duration.ofMillis(250));
                for (JournalEntry entry : entries) {
                    publish(entry);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("journal read failed; accepted events stay in the journal for the next start: {}", e.toString());
        }
    }

    private void publish(JournalEntry entry) throws InterruptedException {
        long ticket = window.append(entry.sequence());
        JournalRecords.Keyed keyed;
        try {
            keyed = JournalRecords.decode(entry.payload());
        } catch (RuntimeException e) {
            LOG.error("journal record {} cannot be read back ({}); skipping it", entry.sequence(), e.toString());
            acknowledge(ticket);
            return;
        }
        Acknowledgement ack = publisher.publish(keyed.event(), keyed.orderingKey());
        ack.done().thenRun(() -> acknowledge(ticket));
    }

    private void acknowledge(long ticket) {
        window.acknowledge(ticket);
        window.safePosition().ifPresent(journal::acknowledgeUpTo);
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
