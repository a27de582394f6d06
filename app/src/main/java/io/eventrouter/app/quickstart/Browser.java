package io.eventrouter.app.quickstart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a URL in the desktop's browser where there is a desktop: {@code open} on macOS, {@code xdg-open} on Linux
 * with a display. Over SSH or in a container there is none, and the printed URL is all there is.
 */
final class Browser {

    private Browser() {
    }

    /** @return what was run, or empty when there is no desktop to open it on */
    static Optional<String> open(String url) {
        Optional<List<String>> command = command(System.getProperty("os.name", ""), System.getenv(), url);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            // not waited for: the browser belongs to the desktop session, and outlives the quickstart
            new ProcessBuilder(command.get()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return Optional.of(String.join(" ", command.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<List<String>> command(String osName, Map<String, String> environment, String url) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return Optional.of(List.of("open", url));
        }
        boolean display = !environment.getOrDefault("DISPLAY", "").isEmpty()
                || !environment.getOrDefault("WAYLAND_DISPLAY", "").isEmpty();
        return display && onPath(environment, "xdg-open") ? Optional.of(List.of("xdg-open", url)) : Optional.empty();
    }

    private static boolean onPath(Map<String, String> environment, String program) {
        for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
