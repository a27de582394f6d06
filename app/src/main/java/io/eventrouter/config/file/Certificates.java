package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Doc;
import io.eventrouter.config.SmallFiles;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import io.eventrouter.http.ClientTls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.nio.file.Path;
import java.util.List;

@Doc("Extra trust for outgoing TLS connections.")
public record Certificates(
        @Doc("PEM files of root CAs to trust in addition to the JDK's (e.g. a vCenter's VMCA), for every outgoing "
                + "connection.") List<Path> rootCAs) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        for (int i = 0; i < rootCAs.size(); i++) {
            String problem = SmallFiles.problem(rootCAs.get(i));
            if (problem != null) {
                throw v.error("rootCAs", i, problem);
            }
            try {
                ClientTls.readCertificates(rootCAs.get(i));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw v.error("rootCAs", i, "no PEM or DER certificate in " + rootCAs.get(i) + ": "
                        + ConfigException.reason(e));
            }
        }
    }
}
