package io.eventrouter.knative;

import io.eventrouter.config.KReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Kubernetes objects as a cluster with Knative holds them, written to (or removed from) the API mock server. */
public final class ClusterObjects {

    public static final KReference BROKER = new KReference("eventing.knative.dev/v1", "Broker", "default",
            "vmware-functions");

    private ClusterObjects() {
    }

    /** An Addressable of any kind with {@code status.address.url} (none when {@code url} is null). */
    public static GenericKubernetesResource addressable(KReference ref, String url) {
        Map<String, Object> status = url == null ? Map.of() : Map.of("address", Map.of("url", url));
        return object(ref, Map.of("status", status));
    }

    /**
     * An Addressable with Knative's transport encryption and sender identity on: {@code status.address} with
     * {@code url}, {@code CACerts} (PEM) and {@code audience}.
     */
    public static GenericKubernetesResource addressable(KReference ref, String url, String caCerts, String audience) {
        return object(ref, Map.of("status", Map.of("address", Map.of("name", "https", "url", url, "CACerts", caCerts,
                "audience", audience))));
    }

    /** {@code object} with a {@code Ready} condition of {@code status} (True, False, Unknown). */
    public static GenericKubernetesResource withReady(GenericKubernetesResource object, String status) {
        @SuppressWarnings("unchecked")
        Map<String, Object> withCondition = new HashMap<>((Map<String, Object>) object.get("status"));
        withCondition.put("conditions", List.of(Map.of("type", "Ready", "status", status, "reason", "IngressNotReady",
                "message", "the ingress has no endpoints")));
        object.setAdditionalProperty("status", withCondition);
        return object;
    }

    public static GenericKubernetesResource kubernetesService(String namespace, String name, int... ports) {
        List<Map<String, Object>> list = Arrays.stream(ports)
                .mapToObj(port -> Map.<String, Object>of("port", port, "protocol", "TCP")).toList();
        return object(new KReference("v1", "Service", name, namespace), Map.of("spec", Map.of("ports", list)));
    }

    private static GenericKubernetesResource object(KReference ref, Map<String, Object> content) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder().withApiVersion(ref.apiVersion())
                .withKind(ref.kind()).withNewMetadata().withName(ref.name()).withNamespace(ref.namespace())
                .endMetadata().build();
        content.forEach(object::setAdditionalProperty);
        return object;
    }

    /** Creates or replaces the object, as {@code kubectl apply} would. */
    public static void put(KubernetesClient client, GenericKubernetesResource object) {
        client.genericKubernetesResources(context(object)).inNamespace(object.getMetadata().getNamespace())
                .resource(object).createOr(NonDeletingOperation::update);
    }

    public static void delete(KubernetesClient client, GenericKubernetesResource object) {
        client.genericKubernetesResources(context(object)).inNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName()).delete();
    }

    private static ResourceDefinitionContext context(GenericKubernetesResource object) {
        return Addressables.context(new KReference(object.getApiVersion(), object.getKind(),
                object.getMetadata().getName(), object.getMetadata().getNamespace()));
    }
}
