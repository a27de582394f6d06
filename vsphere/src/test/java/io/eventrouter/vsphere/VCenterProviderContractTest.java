package io.eventrouter.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.spi.EventProvider;
import io.eventrouter.testing.ConfigSections;
import io.eventrouter.testing.contract.ProviderContract;
import io.eventrouter.vsphere.vcsim.EventPoster;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The vcenter provider passes the pull-provider contract against vcsim. Made from its configuration through its
 * factory, as the application does. An event's key is its message for the events the test posts (unique), its
 * vCenter key for the others (the simulator's own, such as the poster's logins).
 */
class VCenterProviderContractTest extends ProviderContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vcsim vcsim;
    private EventPoster poster;
    private final AtomicInteger posted = new AtomicInteger();

    @BeforeEach
    void startVcsim() throws Exception {
        vcsim = Vcsim.builder().start();
        poster = vcsim.eventPoster();
    }

    @AfterEach
    void stopVcsim() {
        poster.close();
        vcsim.close();
    }

    @Override
    protected EventProvider provider(Path directory) throws Exception {
        VCenterConfig config = ConfigSections.bind("""
                address: %s
                insecureSSL: true
                checkpoint: true
                checkpointDir: %s
                auth:
                  type: basic_auth
                  basicAuth: {username: %s, password: %s}
                """.formatted(vcsim.sdkUrl(), directory, vcsim.username(), vcsim.password()), VCenterConfig.class);
        return new VCenterProviderFactory().create(config);
    }

    @Override
    protected String addEvent() throws Exception {
        String message = "contract-" + posted.incrementAndGet();
        poster.post(EventPoster.generalUserEvent(message));
        return message;
    }

    @Override
    protected String keyOf(CloudEvent event) {
        try {
            JsonNode data = JSON.readTree(event.getData().toBytes());
            String message = data.path("Message").asText();
            return message.startsWith("contract-") ? message : "key " + data.path("Key").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
