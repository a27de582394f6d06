package io.eventrouter.systemtests.ha;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.spi.EventProviderFactory;

/**
 * {@code type: test-sequence}: a stand-in, for the high-availability tests, for a provider that pulls from a shared
 * source with its own position (as vCenter's does): every replica would read the same numbered events, so only one
 * may run it.
 */
public final class SequenceProviderFactory implements EventProviderFactory<SequenceConfig> {

    @Override
    public String type() {
        return "test-sequence";
    }

    @Override
    public Class<SequenceConfig> configType() {
        return SequenceConfig.class;
    }

    @Override
    public String description() {
        return "Test provider: numbered events from a checkpoint.";
    }

    @Override
    public EventProvider create(SequenceConfig config) {
        return new SequenceProvider(config);
    }

    @Override
    public boolean singleActive() {
        return true;
    }
}
