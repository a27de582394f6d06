package io.eventrouter.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, when the configuration is loaded, a directory the router will write to (journal, dead letters,
 * checkpoints), so that {@code validate} finds what would otherwise fail at start or at the first write.
 */
public final class Directories {

    private Directories() {
    }

    /** The directory exists and is writable, or can be created: its nearest existing ancestor is a writable directory. */
    public static void checkWritable(Validation v, String key, Path directory) throws ConfigException {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.exists(absolute)) {
            v.check(Files.isDirectory(absolute), key, "is not a directory: " + directory);
            v.check(Files.isWritable(absolute), key, "directory " + directory + " is not writable");
            return;
        }
        Path ancestor = absolute.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return;
        }
        v.check(Files.isDirectory(ancestor), key, "cannot create directory " + directory + ": " + ancestor
                + " is not a directory");
        v.check(Files.isWritable(ancestor), key, "cannot create directory " + directory + ": " + ancestor
                + " is not writable");
    }
}
