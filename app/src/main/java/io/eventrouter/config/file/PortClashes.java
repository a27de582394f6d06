package io.eventrouter.config.file;

import io.eventrouter.config.Addresses;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.Listener;
import io.eventrouter.config.Location;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static io.eventrouter.config.file.ConfigTree.field;
import static io.eventrouter.config.file.ConfigTree.item;

/**
 * Finds two servers of one configuration (webhook providers, the metrics server) that would listen on the same port
 * of overlapping addresses: the second could not start, which {@code validate} should say rather than the start.
 */
final class PortClashes {

    private record Server(ConfigPath path, Location location, InetSocketAddress address) {
    }

    private PortClashes() {
    }

    static void check(MapNode tree, RouterPlan plan) throws ConfigException {
        List<Server> servers = new ArrayList<>();
        boolean v1 = tree.has("eventProviders");
        for (int i = 0; i < plan.providers().size(); i++) {
            ProviderSection provider = plan.providers().get(i);
            if (provider.settings() instanceof Listener listener) {
                ConfigPath section = v1 ? ConfigPath.ROOT.field("eventProviders").index(i) : ConfigPath.ROOT.field("eventProvider");
                String key = provider.factory().sectionKey();
                ConfigNode node = v1 ? item(tree.get("eventProviders"), i) : tree.get("eventProvider");
                servers.add(server(section.field(key).field("bindAddress"), field(field(node, key), "bindAddress"),
                        tree.location(), listener));
            }
        }
        servers.add(server(ConfigPath.ROOT.field("metricsProvider").field("default").field("bindAddress"),
                field(field(tree.get("metricsProvider"), "default"), "bindAddress"), tree.location(), plan.metrics()));
        for (int later = 1; later < servers.size(); later++) {
            for (int earlier = 0; earlier < later; earlier++) {
                Server a = servers.get(earlier);
                Server b = servers.get(later);
                if (overlap(a.address(), b.address())) {
                    throw new ConfigException(b.path(), b.location(), "port " + b.address().getPort()
                            + " is also taken by " + a.path() + ": two servers cannot listen on one port");
                }
            }
        }
    }

    private static boolean overlap(InetSocketAddress a, InetSocketAddress b) {
        return a.getPort() != 0 && a.getPort() == b.getPort() && (a.getAddress().equals(b.getAddress())
                || a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress());
    }

    private static Server server(ConfigPath path, ConfigNode written, Location fallback, Listener listener) {
        return new Server(path, written != null ? written.location() : fallback,
                Addresses.parseBindAddress(listener.bindAddress()));
    }
}
