package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Doc("Extra trust for outgoing TLS connections.")
public record Certificates(
        @Doc("PEM files of root CAs to trust in addition to the JDK's (e.g. a vCenter's VMCA), for every outgoing "
                + "connection.") List<Path> rootCAs) implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        for (int i = 0; i < rootCAs.size(); i++) {
            if (!Files.isReadable(rootCAs.get(i))) {
                throw v.error("rootCAs", i, "cannot read file " + rootCAs.get(i));
            }
        }
    }
}
