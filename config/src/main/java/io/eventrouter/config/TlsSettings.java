package io.eventrouter.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

@Doc("Serve HTTPS with a PEM certificate chain and private key; both files are reloaded when they change.")
public record TlsSettings(
        @Required @Doc("PEM file with the certificate chain, server certificate first.") Path certFile,
        @Required @Doc("PEM file with the private key (PKCS#8, or PKCS#1 RSA).") Path keyFile,
        @Default("PT10S") @Doc("How often the files are checked for changes.") Duration reloadCheckInterval)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(Files.isReadable(certFile), "certFile", "cannot read file " + certFile);
        v.check(Files.isReadable(keyFile), "keyFile", "cannot read file " + keyFile);
        v.check(!reloadCheckInterval.isZero(), "reloadCheckInterval", "must be more than zero");
    }
}
