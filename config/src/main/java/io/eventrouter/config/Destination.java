package io.eventrouter.config;

import java.security.GeneralSecurityException;

@Doc("Where events go, as in Knative: a URL, or a Kubernetes object whose address is resolved.")
public record Destination(
        @Doc("A Kubernetes object to resolve (Broker, Knative Service, Service or any Addressable).") KReference ref,
        @Doc("An http(s) URL; with ref, a path relative to the resolved address.") UriReference uri,
        @Doc("PEM certificates of the CAs trusted for this destination only (Knative's CACerts), in addition to the "
                + "JDK's and certificates.rootCAs; with ref, replaces the object's status.address.CACerts.")
        String CACerts,
        @Doc("OIDC audience of the destination (Knative's audience): with OIDC on, a token for it is sent; with ref, "
                + "replaces the object's status.address.audience.") String audience)
        implements Validatable {

    /** A destination without CA certificates or audience of its own. */
    public Destination(KReference ref, UriReference uri) {
        this(ref, uri, null, null);
    }

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
        if (CACerts != null) {
            try {
                PemCertificates.parse(CACerts);
            } catch (GeneralSecurityException e) {
                throw v.error("CACerts", "must be PEM certificates (-----BEGIN CERTIFICATE-----): " + e.getMessage());
            }
        }
        v.check(audience == null || !audience.isBlank(), "audience", "must not be empty");
    }
}
