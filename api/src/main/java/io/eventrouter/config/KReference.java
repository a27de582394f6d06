package io.eventrouter.config;

@Doc("A Kubernetes object whose address is resolved through the Kubernetes API (status.address.url).")
public record KReference(
        @Required @Doc("API version, e.g. eventing.knative.dev/v1.") String apiVersion,
        @Required @Doc("Kind, e.g. Broker, Service.") String kind,
        @Required @Doc("Name of the object.") String name,
        @Doc("Namespace of the object; defaults to the router's namespace.") String namespace) {
}
