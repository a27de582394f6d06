package io.eventrouter.horizon;

import io.eventrouter.spi.EventProvider;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProviderContract;
import io.eventrouter.testing.horizon.LocalHorizon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** The Horizon provider passes the pull-provider contract against the local Horizon server. */
class HorizonProviderContractTest extends ProviderContract {

    private LocalHorizon horizon;
    /** Event times 10 ms apart from ten minutes ago, so that every event added is later than the one before. */
    private final AtomicLong time = new AtomicLong(System.currentTimeMillis() - 600_000);

    @BeforeEach
    void startHorizon() throws Exception {
        horizon = new LocalHorizon();
    }

    @AfterEach
    void stopHorizon() {
        horizon.close();
    }

    @Override
    protected EventProvider provider(Path directory) throws Exception {
        HorizonConfig config = ConfigSections.bind("""
                address: %s
                checkpoint: true
                checkpointDir: %s
                pollInterval: 20ms
                auth:
                  type: active_directory
                  activeDirectoryAuth: {domain: corp, username: administrator, password: ReplaceMe}
                """.formatted(horizon.address(), directory), HorizonConfig.class);
        return new HorizonProvider(config, TestRuns.FAST);
    }

    @Override
    protected String addEvent() {
        return String.valueOf(horizon.addEvent(time.addAndGet(10), "VLSI_USERLOGGEDIN"));
    }
}
