package io.eventrouter.routing;

import java.time.Duration;

/** Waits between delivery attempts; tests swap it for one that does not really sleep. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
