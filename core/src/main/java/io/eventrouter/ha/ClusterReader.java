package io.eventrouter.ha;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reads how the replicas of a router share its providers, from outside them (e.g. an operator's machine with a
 * kubeconfig). Found with {@link ServiceLoader}, like {@link CoordinatorFactory}.
 */
public interface ClusterReader {

    /** Thrown when the cluster cannot be reached or refuses the reading; the message is one line. */
    final class UnreachableException extends Exception {
        public UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Lists the Leases of {@code settings}' group once.
     *
     * @param providers  the names of the shared providers, in the configuration's order
     * @param kubeconfig a kubeconfig file, or {@code null} for the usual discovery (KUBECONFIG, ~/.kube/config, the
     *                   pod's service account)
     * @param namespace  the namespace to read, or {@code null} for the settings' (else the kubeconfig context's)
     */
    ClusterAssignment read(HighAvailabilitySettings settings, List<String> providers, Path kubeconfig,
                           String namespace) throws UnreachableException;

    /** The first implementation on the class path. */
    static ClusterReader load() {
        return ServiceLoader.load(ClusterReader.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "no cluster reader is on the class path (the kubernetes module provides it)"));
    }
}
