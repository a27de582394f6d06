package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.spi.EventProviderFactory;

import java.util.Optional;

import static io.eventrouter.config.file.ConfigTree.field;
import static io.eventrouter.config.file.ConfigTree.locate;
import static io.eventrouter.config.file.ConfigTree.providerNode;
import static io.eventrouter.config.file.ConfigTree.providerPath;

/**
 * Under {@code highAvailability}, a shared provider (vcenter, horizon) moves from replica to replica, and its
 * successor must resume from the checkpoint they share: without one, the vCenter provider would start at vCenter's
 * current time (losing what came in between) and the Horizon provider with the last 10 events (reading them again).
 * Such a provider is refused.
 */
final class ResumableProviders {

    private ResumableProviders() {
    }

    static void check(MapNode tree, RouterPlan plan) throws ConfigException {
        if (!plan.highlyAvailable()) {
            return;
        }
        for (int i = 0; i < plan.providers().size(); i++) {
            ProviderSection provider = plan.providers().get(i);
            if (!provider.factory().singleActive()) {
                continue;
            }
            Optional<String> off = resumeSettingOff(provider.factory(), provider.settings());
            if (off.isPresent()) {
                String key = provider.factory().sectionKey();
                ConfigNode settings = field(providerNode(tree, i), key);
                throw new ConfigException(providerPath(tree, i).field(key).field(off.get()),
                        locate(tree, field(settings, off.get()), settings), "must be true with highAvailability: the "
                        + "replica that takes provider " + provider.displayName() + " over resumes from the checkpoint "
                        + "the replicas share; without one a hand-over loses events or reads some again");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> Optional<String> resumeSettingOff(EventProviderFactory<C> factory, Object settings) {
        return factory.resumeSettingOff((C) settings);
    }
}
