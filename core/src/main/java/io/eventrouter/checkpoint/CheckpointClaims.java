package io.eventrouter.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the providers of one router from sharing a checkpoint file. Providers name their files after their source
 * ({@code cp-<host>.json}), so two providers for the same host with the same {@code checkpointDir} would overwrite
 * each other's position. The first provider to touch a file owns it; the other one gets an {@link IOException} on
 * every read and write of it (which providers log and survive), so the owner's position is never overwritten.
 */
public final class CheckpointClaims {

    private final Map<Path, String> owners = new ConcurrentHashMap<>();

    /** {@code store} (a store over {@code directory}) for provider {@code owner}, refusing other owners' files. */
    public CheckpointStore store(String owner, Path directory, CheckpointStore store) {
        Path base = directory.toAbsolutePath().normalize();
        return new CheckpointStore() {
            @Override
            public Optional<String> read(String name) throws IOException {
                claim(owner, base.resolve(name));
                return store.read(name);
            }

            @Override
            public void write(String name, String content) throws IOException {
                claim(owner, base.resolve(name));
                store.write(name, content);
            }

            @Override
            public String describe() {
                return store.describe();
            }
        };
    }

    private void claim(String owner, Path file) throws IOException {
        String first = owners.putIfAbsent(file, owner);
        if (first != null && !first.equals(owner)) {
            throw new IOException("checkpoint file " + file + " belongs to provider " + first + "; give provider "
                    + owner + " another checkpointDir");
        }
    }
}
