package io.eventrouter.testing.contract;

import io.eventrouter.spi.EventProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every processor promises whatever its destination. A processor module's contract test extends this class
 * (or {@link HttpProcessorContract}) and says how to make its processor.
 */
public abstract class ProcessorContract {

    /** Put wherever the configuration can hold a secret; it must never show up in what the router prints. */
    protected static final String SECRET = "Contract-S3cret-7f1e";

    /**
     * A processor whose configuration carries {@code secret} in every place that can hold one: passwords, keys,
     * the user info of a destination URL.
     */
    protected abstract EventProcessor processorWithSecret(String secret) throws Exception;

    @Test
    void describeNeverShowsASecret() throws Exception {
        try (EventProcessor processor = processorWithSecret(SECRET)) {
            assertThat(processor.describe()).isNotBlank().doesNotContain(SECRET);
            assertThat(String.valueOf(processor)).doesNotContain(SECRET);
        }
    }
}
