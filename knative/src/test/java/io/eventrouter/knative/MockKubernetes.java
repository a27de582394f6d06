package io.eventrouter.knative;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * fabric8's Kubernetes API mock server in CRUD mode (objects, lists, watches) over http, and a client for it.
 *
 * <p>Close it before anything that watches it: when a client closes a watch first, the mock's event loop can block
 * for up to a minute (its watch listener waits for a close it queued on that same loop), and stopping the server
 * then times out. Stopped first, the server ends the watches itself.
 */
public final class MockKubernetes implements AutoCloseable {

    public final KubernetesMockServer server;
    public final KubernetesClient client;

    public MockKubernetes() {
        this(new KubernetesCrudDispatcher());
    }

    /** With a dispatcher that answers more than CRUD requests (e.g. {@link TokenRequestDispatcher}). */
    public MockKubernetes(KubernetesCrudDispatcher dispatcher) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    /**
     * Writes a kubeconfig (as {@code KUBECONFIG} names it) whose current context points at this server, with
     * {@code namespace} as the default namespace and a bearer {@code token}.
     */
    public Path writeKubeconfig(Path file, String namespace, String token) throws IOException {
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: router
                  context:
                    cluster: mock
                    namespace: %s
                    user: router
                current-context: router
                users:
                - name: router
                  user:
                    token: %s
                """.formatted(server.url("/"), namespace, token));
    }

    @Override
    public void close() {
        server.destroy();
        client.close();
    }
}
