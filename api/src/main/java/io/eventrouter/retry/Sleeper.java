package io.eventrouter.retry;

import java.time.Duration;

/** Waits between attempts; tests swap it for one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread; an interrupt (a stop) ends the wait. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
