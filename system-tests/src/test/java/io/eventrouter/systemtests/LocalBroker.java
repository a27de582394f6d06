package io.eventrouter.systemtests;

import io.eventrouter.config.KReference;
import io.eventrouter.knative.ClusterObjects;
import io.eventrouter.knative.MockKubernetes;
import io.eventrouter.testing.CloudEventsReceiver;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Knative Broker as a router outside the cluster finds it: an object in a Kubernetes API (fabric8's mock server)
 * whose {@code status.address.url} is a local CloudEvents receiver, and a kubeconfig for that API.
 */
final class LocalBroker implements AutoCloseable {

    private final MockKubernetes cluster;
    private final CloudEventsReceiver receiver;
    private final Path kubeconfig;

    private LocalBroker(MockKubernetes cluster, CloudEventsReceiver receiver, Path kubeconfig) {
        this.cluster = cluster;
        this.receiver = receiver;
        this.kubeconfig = kubeconfig;
    }

    static LocalBroker create(KReference broker, Path directory) throws IOException {
        CloudEventsReceiver receiver = CloudEventsReceiver.start();
        MockKubernetes cluster = new MockKubernetes();
        String path = "/" + broker.namespace() + "/" + broker.name(); // where Knative's broker ingress serves it
        ClusterObjects.put(cluster.client, ClusterObjects.addressable(broker, receiver.uri().resolve(path).toString()));
        Path kubeconfig = cluster.writeKubeconfig(directory.resolve("kubeconfig"), "vmware-system", "router-token");
        return new LocalBroker(cluster, receiver, kubeconfig);
    }

    /** For the router's {@code KUBECONFIG}. */
    Path kubeconfig() {
        return kubeconfig;
    }

    CloudEventsReceiver receiver() {
        return receiver;
    }

    /** Stops the API server first: see {@code MockKubernetes} for why it must go before whatever watches it. */
    @Override
    public void close() {
        cluster.close();
        receiver.close();
    }
}
