package io.eventrouter.knative;

import io.eventrouter.config.Binder;
import io.eventrouter.config.KReference;
import io.eventrouter.spi.DestinationAddress;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The address of one referenced object, kept current by watching it (a fabric8 informer on that one name).
 *
 * <p>Why a watch rather than re-reading every so often: a Broker or Service that is re-created or moved is seen at
 * once, so events are not sent to a stale address where they would use up their retries on 404s; the informer lists
 * again and re-watches on its own after a dropped connection; and it is what Knative's own resolver does, with the
 * same permissions (get, list, watch). Because a watch can stall without an error, a delivery that cannot connect
 * also makes it read the object directly (at most once per {@code recheckPause}).
 *
 * <p>While the object is missing, not ready, has no address or cannot be read, {@link #current()} says why, and
 * every change of state is logged once (not once per event).
 */
final class WatchedAddress implements DestinationAddress {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedAddress.class);

    private final KReference ref;
    private final String apiServer;
    private final URI relative;
    private final Resource<GenericKubernetesResource> resource;
    private final Duration recheckPause;
    private final SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile Resolution current;
    /**
     * What the informer last had (its object's resourceVersion, null when absent) and how often that changed: a
     * direct read is applied only if the informer had nothing newer meanwhile, and a notification that brings nothing
     * new (a re-list) does not undo what a direct read found.
     */
    private String informerVersion;
    private boolean informerSeen;
    private long informerUpdates;
    private int failureStreak;
    private long lastRecheck;
    private boolean rechecking;
    private volatile boolean closed;

    /** @param apiServer the API server's URL, for messages */
    WatchedAddress(KReference ref, URI relative, Resource<GenericKubernetesResource> resource, String apiServer,
                   Duration recheckPause) {
        this.ref = ref;
        this.apiServer = apiServer;
        this.relative = relative;
        this.resource = resource;
        this.recheckPause = recheckPause;
        this.current = Resolution.unresolved(Addressables.describe(ref) + " has not been read from Kubernetes yet");
        this.lastRecheck = System.nanoTime() - recheckPause.toNanos();
        LOG.info("resolving {} through the Kubernetes API", Addressables.describe(ref));
        this.informer = resource.runnableInformer(0);
        informer.exceptionHandler((started, failure) -> {
            readFailed(failure);
            return !closed; // keep retrying (fabric8 backs off) until closed
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onNothing() {
                fromInformer();
            }

            @Override
            public void onAdd(GenericKubernetesResource object) {
                fromInformer();
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                fromInformer();
            }

            @Override
            public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
                fromInformer();
            }
        });
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                fromInformer();
            }
        });
    }

    @Override
    public Resolution current() {
        return current;
    }

    @Override
    public String describe() {
        Resolution now = current;
        return now.isResolved() ? Binder.redactUserInfo(now.uri().toString()) : Addressables.describe(ref);
    }

    @Override
    public void connectionFailed() {
        long seen;
        synchronized (this) {
            long now = System.nanoTime();
            if (closed || rechecking || now - lastRecheck < recheckPause.toNanos()) {
                return;
            }
            rechecking = true;
            lastRecheck = now;
            seen = informerUpdates;
        }
        Thread.ofVirtual().name("recheck-" + ref.name()).start(() -> recheck(seen));
    }

    private void recheck(long seen) {
        try {
            GenericKubernetesResource object = resource.get();
            synchronized (this) {
                if (informerUpdates == seen && !closed) {
                    apply(object);
                }
            }
        } catch (RuntimeException e) {
            readFailed(e);
        } finally {
            synchronized (this) {
                rechecking = false;
            }
        }
    }

    /** The informer's store holds its latest state, whichever notification came first. */
    private synchronized void fromInformer() {
        if (closed) {
            return;
        }
        readSucceeded();
        GenericKubernetesResource object = informer.getStore()
                .getByKey(Cache.namespaceKeyFunc(ref.namespace(), ref.name()));
        String version = object == null ? null : object.getMetadata().getResourceVersion();
        if (informerSeen && Objects.equals(version, informerVersion)) {
            return;
        }
        informerSeen = true;
        informerVersion = version;
        informerUpdates++;
        apply(object);
    }

    private synchronized void apply(GenericKubernetesResource object) {
        readSucceeded();
        Resolution next = Addressables.resolve(ref, object, relative);
        Resolution previous = current;
        current = next;
        if (next.equals(previous)) {
            return;
        }
        if (next.isResolved()) {
            LOG.info("{} resolved: sending to {}", Addressables.describe(ref), Binder.redactUserInfo(next.uri().toString()));
        } else {
            LOG.warn("{}; events for it are held until it resolves", next.problem());
        }
    }

    private synchronized void readSucceeded() {
        if (failureStreak > 0) {
            LOG.info("{} read again after {} failed attempt(s)", Addressables.describe(ref), failureStreak);
            failureStreak = 0;
        }
    }

    /** A failed read keeps a known address (the object most likely is still there); it only explains a missing one. */
    private synchronized void readFailed(Throwable failure) {
        if (closed) {
            return;
        }
        failureStreak++;
        String problem = Addressables.readFailure(ref, apiServer, failure);
        if (!current.isResolved()) {
            current = Resolution.unresolved(problem);
            informerSeen = false; // the next successful read replaces this problem even if the object is unchanged
        }
        if (failureStreak == 1) {
            LOG.warn("{}; {}; retrying", problem, current.isResolved()
                    ? "still sending to the last known address " + describe() : "events for it are held");
        } else {
            LOG.debug("{} ({} failures in a row)", problem, failureStreak);
        }
    }

    @Override
    public void close() {
        closed = true;
        informer.close();
    }
}
