package io.eventrouter.config;

import java.nio.file.Path;

@Doc("A local write-ahead journal: events are answered 2xx once fsync'd there, then delivered from it, also after a "
        + "crash.")
public record JournalSettings(
        @Required @Doc("Directory of the journal files (a persistent volume in Kubernetes).") Path directory,
        @Default("1073741824") @Doc("Largest size on disk in bytes; when full, senders are answered 429.") long maxBytes,
        @Default("16777216") @Doc("Size of one journal file; delivered files are deleted whole.") long segmentBytes)
        implements Validatable {

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(segmentBytes >= 4096, "segmentBytes", "must be at least 4096");
        v.check(maxBytes >= 2 * segmentBytes, "maxBytes", "must be at least twice segmentBytes");
        Directories.checkWritable(v, "directory", directory);
    }
}
