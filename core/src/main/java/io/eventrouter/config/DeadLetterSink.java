package io.eventrouter.config;

import java.nio.file.Path;

@Doc("Where events go once their retries are used up: a CloudEvents URL or Kubernetes object (as in Knative), "
        + "or a local directory of JSON-lines files.")
public record DeadLetterSink(
        @Doc("A Kubernetes object to resolve.") KReference ref,
        @Doc("A CloudEvents http(s) URL.") UriValue uri,
        @Doc("A local directory; each dead-lettered event is appended as one JSON line, fsync'd.") Path directory)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        int given = (ref == null ? 0 : 1) + (uri == null ? 0 : 1) + (directory == null ? 0 : 1);
        if (given != 1) {
            throw v.error("give exactly one of uri, ref or directory");
        }
        if (ref != null) {
            throw v.error("ref", "needs Kubernetes address resolution, which this build does not have yet; "
                    + "use uri or directory");
        }
    }
}
