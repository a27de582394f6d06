package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warning per stretch of failed Kubernetes API calls for one purpose, and one line when they work again: a
 * standby retries every few seconds, and a line (or a stack trace, as fabric8's elector logs) per retry would bury
 * everything else.
 */
final class ApiFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

    private final String what;
    private final String apiServer;
    private boolean failing;

    /** @param what e.g. "Lease vmware/event-router-vcenter" */
    ApiFailures(String what, String apiServer) {
        this.what = what;
        this.apiServer = apiServer;
    }

    synchronized void failed(String action, KubernetesClientException e) {
        if (failing) {
            return;
        }
        failing = true;
        LOG.warn("cannot {} {} at {}: {}{}", action, what, apiServer, describe(e), hint(e));
    }

    synchronized void succeeded() {
        if (failing) {
            failing = false;
            LOG.info("{} can be read and written again at {}", what, apiServer);
        }
    }

    static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return "HTTP " + e.getCode() + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? " " + e.getStatus().getMessage() : "");
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }

    private static String hint(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401 -> " (check the service account token)";
            case 403 -> " (check the Role: get, list, watch, create, update on leases and configmaps)";
            case 0 -> "; retrying (is the API server reachable from the pod?)";
            default -> "; retrying";
        };
    }
}
