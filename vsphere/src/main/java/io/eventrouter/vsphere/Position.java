package io.eventrouter.vsphere;

import java.time.OffsetDateTime;

/**
 * Where an event sits in vCenter's history: its key and creation time, plus what the checkpoint file records about
 * it (the CloudEvent id and the event's name).
 */
record Position(int key, OffsetDateTime createdTime, String id, String type) {
}
