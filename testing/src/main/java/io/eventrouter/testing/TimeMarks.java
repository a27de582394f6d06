package io.eventrouter.testing;

import java.time.Instant;

/** Points in time between things a test does, e.g. the ends of a window of a simulator's history. */
public final class TimeMarks {

    private TimeMarks() {
    }

    /**
     * Now, with a short pause before and after: events stamped with this machine's clock just before the call are
     * older than the mark, those made just after are newer.
     */
    public static Instant quietMark() throws InterruptedException {
        Thread.sleep(50);
        Instant now = Instant.now();
        Thread.sleep(50);
        return now;
    }
}
