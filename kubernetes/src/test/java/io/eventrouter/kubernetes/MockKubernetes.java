package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** fabric8's Kubernetes API mock server in CRUD mode, with one client per simulated replica. */
final class MockKubernetes implements AutoCloseable {

    final KubernetesMockServer server;
    private final List<KubernetesClient> clients = new ArrayList<>();

    MockKubernetes() {
        this(new KubernetesCrudDispatcher());
    }

    MockKubernetes(KubernetesCrudDispatcher dispatcher) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
    }

    KubernetesClient client() {
        KubernetesClient client = server.createClient();
        clients.add(client);
        return client;
    }

    /** A client that sends {@code agent} as its User-Agent, so that the server can tell it from the others. */
    KubernetesClient client(String agent) {
        Config config = new ConfigBuilder(server.createClient().getConfiguration()).withUserAgent(agent).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        server.destroy();
        clients.forEach(KubernetesClient::close);
    }
}
