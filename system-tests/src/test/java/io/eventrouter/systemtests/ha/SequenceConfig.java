package io.eventrouter.systemtests.ha;

import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;

import java.nio.file.Path;
import java.time.Duration;

/** The {@code test-sequence} provider's settings (test scope only). */
@Doc("Test provider: events 1, 2, 3, ... at a steady rate, resumed after the checkpointed one.")
public record SequenceConfig(
        @Default("50") @Doc("Events per second.") int ratePerSecond,
        @Default("./checkpoints") @Doc("Directory of the checkpoint (sequence.json).") Path checkpointDir,
        @Default("200ms") @Doc("How often the acknowledged position is written.") Duration checkpointInterval) {
}
