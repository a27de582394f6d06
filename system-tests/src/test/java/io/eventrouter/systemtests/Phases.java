package io.eventrouter.systemtests;

import java.time.Duration;

/**
 * The length of a phase of a fault scenario (an outage lasts 60 s): this is the scenario's own timing, not a wait for
 * something to happen — tests wait for outcomes with Awaitility.
 */
final class Phases {

    private Phases() {
    }

    static void last(Duration phase) throws InterruptedException {
        Thread.sleep(phase);
    }
}
