package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.ha.HighAvailabilitySettings.CheckpointSharing;
import io.eventrouter.spi.EventProviderFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.eventrouter.config.file.ConfigTree.field;
import static io.eventrouter.config.file.ConfigTree.locate;
import static io.eventrouter.config.file.ConfigTree.providerNode;
import static io.eventrouter.config.file.ConfigTree.providerPath;

/**
 * With {@code highAvailability.checkpoints: directory}, shared providers keep their checkpoint files on one volume
 * and may run on different replicas. Two of them with the same file (one source, one {@code checkpointDir}) would
 * overwrite each other's position unseen: within one process the second is refused its file, across replicas
 * nothing can tell. Refused here.
 */
final class SharedCheckpointFiles {

    private SharedCheckpointFiles() {
    }

    static void check(MapNode tree, RouterPlan plan) throws ConfigException {
        if (!plan.highlyAvailable() || plan.highAvailability().checkpoints() != CheckpointSharing.DIRECTORY) {
            return;
        }
        Map<Path, ProviderSection> owners = new HashMap<>();
        for (int i = 0; i < plan.providers().size(); i++) {
            ProviderSection provider = plan.providers().get(i);
            Optional<Path> file = provider.factory().singleActive()
                    ? checkpointFile(provider.factory(), provider.settings()) : Optional.empty();
            if (file.isEmpty()) {
                continue;
            }
            ProviderSection first = owners.putIfAbsent(file.get().toAbsolutePath().normalize(), provider);
            if (first != null) {
                String key = provider.factory().sectionKey();
                ConfigNode settings = field(providerNode(tree, i), key);
                throw new ConfigException(providerPath(tree, i).field(key).field("checkpointDir"),
                        locate(tree, field(settings, "checkpointDir"), settings), "checkpoint file "
                        + file.get().getFileName() + " is also provider " + first.displayName() + "'s (same source, "
                        + "same checkpointDir): with highAvailability.checkpoints: directory the two may run on "
                        + "different replicas and overwrite each other's position; give this one another "
                        + "checkpointDir");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> Optional<Path> checkpointFile(EventProviderFactory<C> factory, Object settings) {
        return factory.checkpointFile((C) settings);
    }
}
