package io.eventrouter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a file the configuration names for the router to read whole (certificates, keys) before it is read. */
public final class SmallFiles {

    /** Far above any certificate chain or key; a device such as /dev/zero is refused before it is read. */
    public static final long MAX_BYTES = 1024 * 1024;

    private SmallFiles() {
    }

    /** @return what is wrong with {@code file}, or {@code null} when it is a readable regular file of bounded size */
    public static String problem(Path file) {
        if (!Files.isReadable(file)) {
            return "cannot read file " + file;
        }
        if (!Files.isRegularFile(file)) {
            return "not a regular file: " + file;
        }
        try {
            return Files.size(file) > MAX_BYTES ? "file " + file + " is larger than " + MAX_BYTES + " bytes" : null;
        } catch (IOException e) {
            return "cannot read file " + file;
        }
    }
}
