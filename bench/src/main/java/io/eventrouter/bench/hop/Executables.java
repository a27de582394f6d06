package io.eventrouter.bench.hop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the external programs a harness drives, on {@code PATH} (and in the sbin directories, where Debian puts nginx). */
final class Executables {

    private Executables() {
    }

    static Optional<Path> find(String name) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        directories.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return directories.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** The program, or a clear message on standard error and exit 2 when it is not installed. */
    static Path require(String name, String debianPackage) {
        return find(name).orElseGet(() -> {
            System.err.printf("%s is not installed (not on PATH): install it, e.g. apt-get install -y %s%n", name,
                    debianPackage);
            System.exit(2);
            return null;
        });
    }
}
