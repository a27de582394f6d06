package io.eventrouter.config;

import java.nio.file.Path;

@Doc("Where events go once their retries are used up: a CloudEvents URL or Kubernetes object (as in Knative), "
        + "or a local directory of JSON-lines files.")
public record DeadLetterSink(
        @Doc("A Kubernetes object to resolve (Broker, Knative Service, Service or any Addressable).") KReference ref,
        @Doc("A CloudEvents http(s) URL; with ref, a path relative to the resolved address.") UriReference uri,
        @Doc("A local directory; each dead-lettered event is appended as one JSON line, fsync'd.") Path directory)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        if (directory == null) {
            if (ref == null && uri == null) {
                throw v.error("give one of uri, ref or directory");
            }
            destination().validate(v);
        } else if (ref != null || uri != null) {
            throw v.error("directory", "give either directory, or uri and/or ref");
        } else {
            Directories.checkWritable(v, "directory", directory);
        }
    }

    /** The sink as a Knative destination; {@code null} for a directory. */
    public Destination destination() {
        return directory == null ? new Destination(ref, uri) : null;
    }
}
