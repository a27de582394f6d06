package io.eventrouter.config;

@Doc("Where events go, as in Knative: a URL, or a Kubernetes object whose address is resolved.")
public record Destination(
        @Doc("A Kubernetes object to resolve (Broker, Knative Service, Service or any Addressable).") KReference ref,
        @Doc("An http(s) URL; with ref, a path relative to the resolved address.") UriValue uri) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        if (ref == null && uri == null) {
            throw v.error("needs uri or ref");
        }
    }
}
