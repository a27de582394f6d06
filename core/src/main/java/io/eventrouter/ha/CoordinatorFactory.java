package io.eventrouter.ha;

import java.util.ServiceLoader;

/**
 * Makes the {@link Coordinator} for a {@code highAvailability} section. Found with {@link ServiceLoader} (the
 * kubernetes module has the one that uses Leases and ConfigMaps), so that core and the application need no
 * Kubernetes client.
 */
public interface CoordinatorFactory {

    /** Connects (or prepares to) and returns at once; problems reaching the cluster are retried by the coordinator. */
    Coordinator create(HighAvailabilitySettings settings) throws Exception;

    /** The first implementation on the class path. */
    static CoordinatorFactory load() {
        return ServiceLoader.load(CoordinatorFactory.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "highAvailability is configured but no coordinator is on the class path (the kubernetes module "
                        + "provides it)"));
    }
}
