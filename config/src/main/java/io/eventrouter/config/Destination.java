package io.eventrouter.config;

@Doc("Where events go, as in Knative: a URL, or a Kubernetes object whose address is resolved.")
public record Destination(
        @Doc("A Kubernetes object to resolve (Broker, Knative Service, Service or any Addressable).") KReference ref,
        @Doc("An http(s) URL; with ref, a path relative to the resolved address.") UriReference uri)
        implements Validatable {

    /** Knative's rules ({@code duckv1.Destination.Validate}): a ref, an absolute URL, or a ref plus a relative uri. */
    @Override
    public void validate(Validation v) throws ConfigException {
        if (ref == null && uri == null) {
            throw v.error("needs uri or ref");
        }
        if (ref == null && !uri.isAbsolute()) {
            throw v.error("uri", "must be an absolute http(s) URL; a relative uri needs a ref to resolve against");
        }
        if (ref != null && uri != null && uri.isAbsolute()) {
            throw v.error("uri", "next to a ref, uri must be relative to the object's address (e.g. /path), as in "
                    + "Knative; give either a ref or an absolute uri");
        }
    }
}
