package io.eventrouter.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves string values written as {@code ${env:NAME}} (an environment variable) or {@code ${file:PATH}} (a file's
 * content, without its trailing newline), so secrets need not be written in the configuration file.
 * {@code $${...}} stands for a literal {@code ${...}}.
 */
public final class References {

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{(env|file):([^}]+)}$");

    /** The largest file a {@code ${file:...}} reference reads: secrets and certificates are far smaller. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Function<String, String> environment;

    public References(Function<String, String> environment) {
        this.environment = environment;
    }

    public static References system() {
        return new References(System::getenv);
    }

    /** Whether {@code text} is a reference (not a literal, nor an escaped {@code $${...}}). */
    public static boolean isReference(String text) {
        return REFERENCE.matcher(text).matches();
    }

    String resolve(String text, ConfigPath path, Location location) throws ConfigException {
        if (text.startsWith("$${")) {
            return text.substring(1);
        }
        Matcher reference = REFERENCE.matcher(text);
        if (!reference.matches()) {
            return text;
        }
        String name = reference.group(2).strip();
        if (reference.group(1).equals("env")) {
            String value = environment.apply(name);
            if (value == null) {
                throw new ConfigException(path, location, "environment variable " + name + " is not set");
            }
            return value;
        }
        try {
            Path file = Path.of(name);
            // a device or pipe (/dev/zero, /dev/stdin) would never end: only a regular file of bounded size is read
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ConfigException(path, location, "cannot read secret file " + name + ": not a regular file");
            }
            if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(path, location, "cannot read secret file " + name + ": larger than "
                        + MAX_FILE_BYTES + " bytes");
            }
            return stripNewline(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(path, location, "cannot read secret file " + name + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException(path, location, "cannot read secret file " + name + ": permission denied");
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(path, location, "cannot read secret file " + name);
        }
    }

    private static String stripNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
