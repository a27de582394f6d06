package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

import static io.eventrouter.kubernetes.KubernetesClusterReader.GROUP_LABEL;
import static io.eventrouter.kubernetes.KubernetesClusterReader.REPLICA_ROLE;
import static io.eventrouter.kubernetes.KubernetesClusterReader.ROLE_LABEL;

/**
 * The replicas of a group, as Kubernetes knows them: each keeps a membership Lease {@code <name>-replica-<identity>}
 * (labels {@code eventrouter.io/group=<name>}, {@code eventrouter.io/role=replica}, holder = the replica) renewed
 * every retry period, and deletes it when it stops. A replica counts as live while its Lease keeps changing as this
 * replica sees it ({@link LeaseObservations}); this replica always counts itself. A replica that campaigns for no
 * shared provider (annotation {@code eventrouter.io/providers: "0"}) is not counted.
 *
 * <p>One list of the group's Leases per round also shows this replica the provider Leases (labelled
 * {@code eventrouter.io/role=provider}): it sees each holder's renewals within a retry period, and its standby
 * campaigns read the Leases from there instead of each asking the API server ({@link GatedLock#get}).
 */
final class Membership {

    /** As a Role names them. */
    static final String LEASES = "leases.coordination.k8s.io";
    /**
     * How many shared providers the replica campaigns for: one that runs none (yet, or ever: a webhook-only router
     * in the same group) could take none of the others' surplus, so it is not counted.
     */
    static final String PROVIDERS_ANNOTATION = "eventrouter.io/providers";
    /** Lease durations after which a replica that stopped renewing is forgotten. */
    static final int FORGET_AFTER_LEASES = 10;

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String group;
    private final String identity;
    private final String leaseName;
    private final Duration leaseDuration;
    private final Clock clock;
    private final LeaseObservations observations;
    private final IntSupplier providers;
    private final ApiFailures renewals;
    private final ApiFailures listFailures;
    /** Replica → its membership Lease, as last listed. */
    private Map<String, String> members = Map.of();
    private int listings;
    private boolean created;

    Membership(KubernetesClient client, String namespace, String group, String identity, Duration leaseDuration,
               Clock clock, LeaseObservations observations, IntSupplier providers, String apiServer,
               ApiFailures.Permissions permissions) {
        this.client = client;
        this.namespace = namespace;
        this.group = group;
        this.identity = identity;
        this.leaseName = leaseName(group, identity);
        this.leaseDuration = leaseDuration;
        this.clock = clock;
        this.observations = observations;
        this.providers = providers;
        this.renewals = new ApiFailures("membership Lease " + namespace + "/" + leaseName, apiServer, LEASES,
                namespace, permissions);
        this.listFailures = new ApiFailures("the Leases labelled " + GROUP_LABEL + "=" + group + " in namespace "
                + namespace, apiServer, LEASES, namespace, permissions);
    }

    static String leaseName(String group, String identity) {
        return ObjectNames.of(group, "replica-" + identity);
    }

    /** One round: renew this replica's Lease, then list the group's. Failures are reported, not thrown. */
    void round() {
        renew();
        list();
    }

    private void renew() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Lease lease = new LeaseBuilder().withNewMetadata().withName(leaseName).withNamespace(namespace)
                .addToLabels(GROUP_LABEL, group).addToLabels(ROLE_LABEL, REPLICA_ROLE)
                .addToLabels(KubernetesCoordinator.MANAGED_BY, "event-router")
                .addToAnnotations(PROVIDERS_ANNOTATION, String.valueOf(providers.getAsInt())).endMetadata()
                .withNewSpec().withHolderIdentity(identity)
                .withLeaseDurationSeconds(Math.toIntExact(leaseDuration.toSeconds())).withRenewTime(now)
                .endSpec().build();
        String verb = created ? "patch" : "create";
        try {
            if (!created) {
                lease.getSpec().setAcquireTime(now);
                createOrReplace(lease);
                created = true;
            } else {
                // A merge patch: one request, no resourceVersion to keep; only this replica writes this Lease.
                client.leases().inNamespace(namespace).withName(leaseName)
                        .patch(PatchContext.of(PatchType.JSON_MERGE), lease);
            }
            renewals.succeeded(verb);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                created = false; // deleted by someone: made again next round
            }
            renewals.failed(verb, e);
        }
    }

    private void createOrReplace(Lease lease) {
        try {
            client.leases().inNamespace(namespace).resource(lease).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // Left by an earlier process of this replica (same pod name): take it over.
            client.leases().inNamespace(namespace).withName(leaseName)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), lease);
        }
    }

    private void list() {
        List<Lease> leases;
        try {
            leases = client.leases().inNamespace(namespace).withLabel(GROUP_LABEL, group).list().getItems();
            listFailures.succeeded("list");
        } catch (KubernetesClientException e) {
            listFailures.failed("list", e);
            return;
        }
        Map<String, String> found = new HashMap<>();
        for (Lease lease : leases) {
            String name = lease.getMetadata().getName();
            String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            observations.see(name, holder, lease.getSpec() == null ? null : lease.getSpec().getRenewTime());
            Map<String, String> labels = lease.getMetadata().getLabels();
            if (labels != null && KubernetesCoordinator.PROVIDER_ROLE.equals(labels.get(ROLE_LABEL))) {
                observations.listed(name, record(lease));
            }
            if (labels != null && REPLICA_ROLE.equals(labels.get(ROLE_LABEL)) && LeaseObservations.isHolder(holder)) {
                if (!holder.equals(identity) && forgotten(name)) {
                    forget(name, holder);
                } else if (runsProviders(lease)) {
                    found.put(holder, name);
                }
            }
        }
        synchronized (this) {
            members = found;
            listings++;
        }
    }

    /** As fabric8's Lease lock reads it; null when a field it needs is missing. */
    private static LeaderElectionRecord record(Lease lease) {
        LeaseSpec spec = lease.getSpec();
        if (spec == null || spec.getLeaseDurationSeconds() == null || spec.getAcquireTime() == null
                || spec.getRenewTime() == null) {
            return null;
        }
        return new LeaderElectionRecord(spec.getHolderIdentity(), Duration.ofSeconds(spec.getLeaseDurationSeconds()),
                spec.getAcquireTime(), spec.getRenewTime(),
                spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions());
    }

    /** Whether a membership Lease's replica campaigns for shared providers (or does not say). */
    static boolean runsProviders(Lease lease) {
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        String count = annotations == null ? null : annotations.get(PROVIDERS_ANNOTATION);
        return count == null || !count.strip().equals("0");
    }

    /** A replica seen unchanged this long died without deleting its Lease (a pod killed, its node lost). */
    private boolean forgotten(String lease) {
        return observations.unchangedFor(lease).compareTo(leaseDuration.multipliedBy(FORGET_AFTER_LEASES)) > 0;
    }

    /**
     * Deletes a dead replica's membership Lease, or every crash of a Deployment's pod (a new name each time) would
     * leave one behind. A replica that was only cut off makes its Lease again when it is back.
     */
    private void forget(String lease, String replica) {
        try {
            client.leases().inNamespace(namespace).withName(lease).delete();
            LOG.info("membership Lease {}/{} of replica {} deleted: unchanged for {} lease durations", namespace,
                    lease, replica, FORGET_AFTER_LEASES);
        } catch (KubernetesClientException e) {
            LOG.debug("membership Lease {}/{} not deleted: {}", namespace, lease, ApiFailures.describe(e));
        }
    }

    /**
     * Whether this replica knows its share: the group's Leases were listed twice, a retry period apart, so replicas
     * started together see each other before any of them takes a provider.
     */
    synchronized boolean ready() {
        return listings >= 2;
    }

    /** The live replicas, this one included, by name. */
    synchronized Set<String> live() {
        Set<String> live = new TreeSet<>();
        live.add(identity);
        members.forEach((member, lease) -> {
            if (observations.changedRecently(lease)) {
                live.add(member);
            }
        });
        return live;
    }

    synchronized boolean isLive(String replica) {
        return identity.equals(replica) || (members.containsKey(replica)
                && observations.changedRecently(members.get(replica)));
    }

    /** On a graceful stop: the others count this replica out at their next round instead of a lease later. */
    void delete() {
        try {
            client.leases().inNamespace(namespace).withName(leaseName).delete();
        } catch (KubernetesClientException e) {
            renewals.failed("delete", e);
        }
    }
}
