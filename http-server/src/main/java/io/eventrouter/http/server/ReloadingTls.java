package io.eventrouter.http.server;

import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;

/**
 * Server TLS from PEM files (TLS 1.2 and 1.3 only), re-read when either file changes, so a renewed certificate
 * (cert-manager, a rotated Secret) is served without a restart. A broken new pair is logged and the old one kept.
 */
final class ReloadingTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTls.class);

    private final TlsSettings settings;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private FileTime certTime;
    private FileTime keyTime;
    private volatile boolean watching;
    private Thread watcher;

    ReloadingTls(TlsSettings settings) throws IOException, GeneralSecurityException {
        this.settings = settings;
        factory.setKeyStore(PemKeyStore.load(settings.certFile(), settings.keyFile()));
        factory.setKeyStorePassword("");
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        factory.setSniRequired(false);
        certTime = modified(settings.certFile());
        keyTime = modified(settings.keyFile());
    }

    SslContextFactory.Server factory() {
        return factory;
    }

    void startWatching(String name) {
        watching = true;
        watcher = Thread.ofVirtual().name("tls-reload-" + name).start(() -> {
            while (watching) {
                try {
                    Thread.sleep(settings.reloadCheckInterval());
                    reloadIfChanged();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Re-reads the files when their modification time changed; returns whether it did. */
    boolean reloadIfChanged() {
        try {
            FileTime cert = modified(settings.certFile());
            FileTime key = modified(settings.keyFile());
            if (cert.equals(certTime) && key.equals(keyTime)) {
                return false;
            }
            var store = PemKeyStore.load(settings.certFile(), settings.keyFile());
            factory.reload(f -> f.setKeyStore(store));
            certTime = cert;
            keyTime = key;
            LOG.info("TLS certificate reloaded from {}", settings.certFile());
            return true;
        } catch (Exception e) {
            LOG.warn("cannot reload TLS certificate from {}: {}; keeping the current one", settings.certFile(),
                    e.toString());
            return false;
        }
    }

    private static FileTime modified(Path file) throws IOException {
        return Files.getLastModifiedTime(file);
    }

    @Override
    public void close() {
        watching = false;
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
