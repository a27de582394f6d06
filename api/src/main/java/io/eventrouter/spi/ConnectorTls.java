package io.eventrouter.spi;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * TLS for a connector's outgoing connections, as the router configures it ({@code certificates.rootCAs}). A
 * connector asks for the verifying context, or for one that trusts any certificate where its configuration says
 * {@code insecureSSL: true}.
 */
public interface ConnectorTls {

    /** The context to use: verifying (JDK CAs plus root CAs), or trusting any certificate and host name. */
    SSLContext context(boolean insecure);

    /** The PEM files of {@code certificates.rootCAs}, for clients that take trust material as files. */
    List<Path> rootCAs();

    /** The JDK's trusted CAs and nothing else: for tests and tools. */
    static ConnectorTls systemDefault() {
        SSLContext verifying;
        try {
            verifying = SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return new ConnectorTls() {
            @Override
            public SSLContext context(boolean insecure) {
                return insecure ? trustingAll() : verifying;
            }

            @Override
            public List<Path> rootCAs() {
                return List.of();
            }
        };
    }

    /** A context that accepts any certificate and skips host name checks: what {@code insecureSSL: true} promises. */
    static SSLContext trustingAll() {
        return TrustAll.CONTEXT;
    }
}
