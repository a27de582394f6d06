package io.eventrouter.knative;

import io.eventrouter.config.KReference;
import io.eventrouter.spi.DestinationAddress.Resolution;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Knative's rules for the address of a referenced object (its {@code resolver} package), applied to what the
 * Kubernetes API returned: a core {@code v1 Service} is addressed by its cluster DNS name, anything else must be an
 * Addressable with {@code status.address.url}, whose {@code CACerts} and {@code audience} (Knative's transport
 * encryption and sender identity) come along; a relative {@code uri} is resolved against that address.
 */
final class Addressables {

    private Addressables() {
    }

    /**
     * Where the object lives in the API. The resource name is guessed from the kind, as Knative does, which spares a
     * discovery call per ref: the lower-case English plural that CRD generators write (Broker: brokers, Gateway:
     * gateways, Proxy: proxies), slightly better than Kubernetes' own guess, which would say "gatewaies".
     */
    static ResourceDefinitionContext context(KReference ref) {
        String apiVersion = ref.apiVersion();
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                .withVersion(apiVersion.substring(slash + 1))
                .withKind(ref.kind())
                .withPlural(plural(ref.kind()))
                .withNamespaced(true)
                .build();
    }

    static String plural(String kind) {
        String singular = kind.toLowerCase(Locale.ROOT);
        if (singular.matches(".*(s|x|z|ch|sh)")) {
            return singular + "es";
        }
        if (singular.matches(".*[^aeiou]y")) {
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        return singular + "s";
    }

    /** E.g. {@code Broker vmware-functions/default}, for log lines and problems. */
    static String describe(KReference ref) {
        return ref.kind() + " " + ref.namespace() + "/" + ref.name() + " (" + ref.apiVersion() + ")";
    }

    /**
     * @param object   the object as read, {@code null} when it does not exist
     * @param relative the destination's relative {@code uri}, or {@code null}
     */
    static Resolution resolve(KReference ref, GenericKubernetesResource object, URI relative) {
        if (object == null) {
            return Resolution.unresolved(describe(ref) + " does not exist");
        }
        if (isKubernetesService(ref)) {
            return serviceAddress(ref, object, relative);
        }
        String notReady = notReady(object);
        if (notReady != null) {
            return Resolution.unresolved(describe(ref) + " is not ready: " + notReady);
        }
        Object url = object.get("status", "address", "url");
        if (!(url instanceof String text) || text.isBlank()) {
            return Resolution.unresolved(describe(ref) + " has no status.address.url (not ready yet, or not an "
                    + "Addressable)");
        }
        try {
            URI address = new URI(text.strip());
            if (!address.isAbsolute()) {
                return Resolution.unresolved(describe(ref) + " has a relative status.address.url: " + text);
            }
            return Resolution.resolved(withRelative(address, relative), text(object, "CACerts"),
                    text(object, "audience"));
        } catch (URISyntaxException e) {
            return Resolution.unresolved(describe(ref) + " has an invalid status.address.url: " + e.getMessage());
        }
    }

    /** {@code status.address.<field>} when it is a non-blank string (Knative sets CACerts and audience when enabled). */
    private static String text(GenericKubernetesResource object, String field) {
        return object.get("status", "address", field) instanceof String value && !value.isBlank() ? value : null;
    }

    private static boolean isKubernetesService(KReference ref) {
        return ref.apiVersion().equals("v1") && ref.kind().equals("Service");
    }

    /** {@code http://<name>.<namespace>.svc.cluster.local}, with the port when the Service does not listen on 80. */
    private static Resolution serviceAddress(KReference ref, GenericKubernetesResource service, URI relative) {
        List<Map<String, Object>> ports = service.get("spec", "ports");
        if (ports == null || ports.isEmpty()) {
            return Resolution.unresolved(describe(ref) + " has no ports");
        }
        boolean has80 = ports.stream().anyMatch(port -> port.get("port") instanceof Number n && n.intValue() == 80);
        String port = has80 || !(ports.getFirst().get("port") instanceof Number first) ? "" : ":" + first.intValue();
        URI address = URI.create("http://" + ref.name() + "." + ref.namespace() + ".svc.cluster.local" + port);
        return Resolution.resolved(withRelative(address, relative));
    }

    /** The {@code Ready} condition when it is {@code False}; {@code Unknown} (reconciling) keeps a set address usable. */
    private static String notReady(GenericKubernetesResource object) {
        List<Map<String, Object>> conditions = object.get("status", "conditions");
        if (conditions == null) {
            return null;
        }
        for (Map<String, Object> condition : conditions) {
            if ("Ready".equals(condition.get("type")) && "False".equals(condition.get("status"))) {
                return condition.getOrDefault("reason", "Ready is False") + ": "
                        + condition.getOrDefault("message", "");
            }
        }
        return null;
    }

    /** RFC 3986 resolution (Go's {@code ResolveReference}); an empty base path counts as "/" as it does in Go. */
    static URI withRelative(URI address, URI relative) {
        if (relative == null) {
            return address;
        }
        URI base = address.getRawPath() == null || address.getRawPath().isEmpty() ? address.resolve("/") : address;
        return base.resolve(relative);
    }

    /**
     * Why reading the object failed, with a hint for the usual causes: the API's status, or the failure's own words
     * (never request headers, where the service account token travels).
     *
     * @param apiServer the API server's URL, for failures to reach it at all
     */
    static String readFailure(KReference ref, String apiServer, Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof KubernetesClientException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof KubernetesClientException k8s && k8s.getCode() > 0) {
            String hint = switch (k8s.getCode()) {
                case 401, 403 -> "; the router's service account needs get, list and watch on it (e.g. the "
                        + "ClusterRole knative-serving-aggregated-addressable-resolver)";
                case 404 -> "; is " + ref.apiVersion() + " " + ref.kind() + " installed in the cluster?";
                default -> "";
            };
            String reason = k8s.getStatus() != null && k8s.getStatus().getReason() != null
                    ? " " + k8s.getStatus().getReason() : "";
            return "cannot read " + describe(ref) + " from Kubernetes: HTTP " + k8s.getCode() + reason + hint;
        }
        return "cannot read " + describe(ref) + " from the Kubernetes API at " + apiServer + ": " + innermost(failure)
                + "; is it reachable from here? (outside a cluster, KUBECONFIG names the kubeconfig to use)";
    }

    /** E.g. {@code ConnectException} or {@code UnknownHostException: kubernetes.default.svc}. */
    private static String innermost(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
