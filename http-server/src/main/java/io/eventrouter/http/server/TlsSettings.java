package io.eventrouter.http.server;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Required;
import io.eventrouter.config.SmallFiles;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;
import io.eventrouter.http.ClientTls;

import java.io.IOException;
import java.security.GeneralSecurityException;
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
        v.check(SmallFiles.problem(certFile) == null, "certFile", SmallFiles.problem(certFile));
        v.check(SmallFiles.problem(keyFile) == null, "keyFile", SmallFiles.problem(keyFile));
        try {
            ClientTls.readCertificates(certFile);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw v.error("certFile", "no PEM certificate in " + certFile + ": " + ConfigException.reason(e));
        }
        try {
            PemKeyStore.readKey(keyFile);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw v.error("keyFile", "no usable PEM private key in " + keyFile + ": " + ConfigException.reason(e));
        }
        v.check(!reloadCheckInterval.isZero(), "reloadCheckInterval", "must be more than zero");
    }

}
