package io.eventrouter.vsphere;

/** Ends a session whose event collector reads nothing while vCenter shows newer events; the next one makes a new one. */
final class CollectorStalledException extends RuntimeException {

    CollectorStalledException(String reason) {
        super(reason, null, false, false);
    }
}
