package io.eventrouter.knative;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.util.HashMap;

/**
 * fabric8's Kubernetes API mock server in CRUD mode (objects, lists, watches) over http, and a client for it.
 *
 * <p>Close it before anything that watches it: when a client closes a watch first, the mock's event loop can block
 * for up to a minute (its watch listener waits for a close it queued on that same loop), and stopping the server
 * then times out. Stopped first, the server ends the watches itself.
 */
final class MockKubernetes implements AutoCloseable {

    final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    final KubernetesClient client;

    MockKubernetes() {
        server.init();
        client = server.createClient();
    }

    @Override
    public void close() {
        server.destroy();
        client.close();
    }
}
