package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One warning per stretch of failed Kubernetes API calls of one kind (a verb on one object), and one line when they
 * work again: a standby retries every few seconds, and a line (or a stack trace, as fabric8's elector logs) per retry
 * would bury everything else.
 *
 * <p>A refusal (403) is a missing permission, the same for every object of the kind: it is said once for all of
 * them, through the {@link Permissions} they share, with the verb and resource the Role lacks.
 */
final class ApiFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

    private final String what;
    private final String apiServer;
    /** e.g. "leases" in API group "coordination.k8s.io", for the permission hint. */
    private final String resource;
    private final String namespace;
    private final Permissions permissions;
    /** Verb → whether its last call failed with a refusal (403), for the verbs whose last call failed. */
    private final Map<String, Boolean> failing = new HashMap<>();

    /**
     * @param what     e.g. "Lease vmware/event-router-vcenter"
     * @param resource e.g. "leases.coordination.k8s.io", as a Role names it
     */
    ApiFailures(String what, String apiServer, String resource, String namespace, Permissions permissions) {
        this.what = what;
        this.apiServer = apiServer;
        this.resource = resource;
        this.namespace = namespace;
        this.permissions = permissions;
    }

    /** Without shared permissions: each object's refusals are said on their own. */
    ApiFailures(String what, String apiServer) {
        this(what, apiServer, null, null, new Permissions());
    }

    /** @param verb the API verb that failed: get, list, create, update, patch, delete */
    void failed(String verb, KubernetesClientException e) {
        boolean refused = e.getCode() == HttpURLConnection.HTTP_FORBIDDEN && resource != null;
        synchronized (this) {
            if (failing.putIfAbsent(verb, refused) != null) {
                return;
            }
        }
        if (refused) {
            if (permissions.refused(resource, verb)) {
                LOG.warn("cannot {} {} at {}: {} (the service account's Role needs the verb \"{}\" on {} in "
                                + "namespace {}, as the Helm chart's Role has; said once for all {} until allowed)",
                        verb, what, apiServer, describe(e), verb, resource, namespace, resource);
            }
            return;
        }
        LOG.warn("cannot {} {} at {}: {}{}", verb, what, apiServer, describe(e), hint(e));
    }

    void succeeded(String verb) {
        Boolean refused;
        synchronized (this) {
            refused = failing.remove(verb);
        }
        if (resource != null && permissions.allowed(resource, verb)) {
            LOG.info("{} on {} allowed again at {} ({})", verb, resource, apiServer, what);
        } else if (Boolean.FALSE.equals(refused)) {
            LOG.info("{} works again at {}", what, apiServer);
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
            case 403 -> " (check the Role: get, list, watch, create, update, patch on leases and configmaps)";
            case 0 -> "; retrying (is the API server reachable from the pod?)";
            default -> "; retrying";
        };
    }

    /** The verbs the API server refused (403), per resource, shared by one replica's objects. */
    static final class Permissions {

        private final Set<String> refused = new HashSet<>();

        /** True the first time: the caller says it. */
        synchronized boolean refused(String resource, String verb) {
            return refused.add(resource + " " + verb);
        }

        /** True when it had been refused: the caller says it is allowed again. */
        synchronized boolean allowed(String resource, String verb) {
            return refused.remove(resource + " " + verb);
        }

    }
}
