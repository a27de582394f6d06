package io.eventrouter.config.file;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;

import static io.eventrouter.config.file.ConfigTree.field;
import static io.eventrouter.config.file.ConfigTree.locate;
import static io.eventrouter.config.file.ConfigTree.providerNode;
import static io.eventrouter.config.file.ConfigTree.providerPath;

/**
 * Under {@code highAvailability}, a shared provider's Lease is {@code <name>-<provider>} and each replica's membership
 * Lease {@code <name>-replica-<replica>}: a provider named {@code replica-...} could take a replica's Lease name (or
 * the other way round), so such names are refused.
 */
final class SharedProviderNames {

    static final String RESERVED_PREFIX = "replica-";

    private SharedProviderNames() {
    }

    static void check(MapNode tree, RouterPlan plan) throws ConfigException {
        if (!plan.highlyAvailable()) {
            return;
        }
        for (int i = 0; i < plan.providers().size(); i++) {
            ProviderSection provider = plan.providers().get(i);
            if (provider.factory().singleActive() && provider.displayName().startsWith(RESERVED_PREFIX)) {
                ConfigNode node = providerNode(tree, i);
                throw new ConfigException(providerPath(tree, i).field("name"), locate(tree, field(node, "name"), node),
                        "must not start with '" + RESERVED_PREFIX + "' with highAvailability: the replicas' own "
                                + "Leases are named <highAvailability.name>-" + RESERVED_PREFIX + "<replica>");
            }
        }
    }
}
