package io.eventrouter.vsphere;

import java.time.Duration;

/** Ends a session whose collector may hide events because vCenter's clock went back behind its begin time. */
final class ClockSteppedBackException extends Exception {

    ClockSteppedBackException(Duration step) {
        super("vCenter's clock went back by " + step.toSeconds() + " s; reading again from that much earlier", null,
                false, false);
    }
}
