package io.eventrouter.kubernetes;

import io.eventrouter.config.Binder;
import io.eventrouter.ha.ClusterAssignment;
import io.eventrouter.ha.ClusterReader;
import io.eventrouter.ha.HighAvailabilitySettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists a router group's Leases once and says who holds each provider: the provider Leases
 * {@code <name>-<provider>}, and the replicas' membership Leases (labels {@code eventrouter.io/group=<name>},
 * {@code eventrouter.io/role=replica}, holder = the replica; one annotated {@code eventrouter.io/providers: "0"} runs
 * no shared provider and is left out).
 */
public final class KubernetesClusterReader implements ClusterReader {

    static final String GROUP_LABEL = "eventrouter.io/group";
    static final String ROLE_LABEL = "eventrouter.io/role";
    static final String REPLICA_ROLE = "replica";
    /** One reading, not a campaign: a short timeout and no retries, so an unreachable cluster is said at once. */
    private static final int TIMEOUT_MILLIS = 10_000;

    private final Clock clock;
    private final Function<String, String> environment;

    public KubernetesClusterReader() {
        this(Clock.systemUTC(), System::getenv);
    }

    KubernetesClusterReader(Clock clock, Function<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public ClusterAssignment read(HighAvailabilitySettings settings, List<String> providers, Path kubeconfig,
                                  String namespace) throws UnreachableException {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config(kubeconfig)).build()) {
            return read(client, settings, providers, namespace);
        }
    }

    ClusterAssignment read(KubernetesClient client, HighAvailabilitySettings settings, List<String> providers,
                           String namespace) throws UnreachableException {
        String ns = Stream.of(namespace, settings.namespace(), environment.apply("POD_NAMESPACE"),
                client.getNamespace(), "default").filter(s -> s != null && !s.isBlank()).findFirst().orElseThrow();
        String apiServer = Binder.redactUserInfo(String.valueOf(client.getMasterUrl()));
        Map<String, Lease> leases;
        try {
            leases = client.leases().inNamespace(ns).list().getItems().stream()
                    .collect(Collectors.toMap(l -> l.getMetadata().getName(), l -> l, (a, b) -> a));
        } catch (KubernetesClientException e) {
            throw new UnreachableException("cannot list Leases in namespace " + ns + " at " + apiServer + ": "
                    + describe(e) + hint(e), e);
        }
        Instant now = clock.instant();
        List<ClusterAssignment.ProviderLease> held = new ArrayList<>();
        for (String provider : providers) {
            String name = ObjectNames.of(settings.name(), provider);
            Lease lease = leases.get(name);
            held.add(new ClusterAssignment.ProviderLease(provider, name, holder(lease), age(lease, now),
                    lease != null));
        }
        Map<String, Duration> members = new TreeMap<>();
        // A replica that runs no shared provider (a webhook-only router of the group) has no share.
        leases.values().stream().filter(lease -> isMember(lease, settings.name()) && holder(lease) != null
                        && Membership.runsProviders(lease))
                .forEach(lease -> members.put(holder(lease), age(lease, now)));
        Map<String, Integer> holding = new TreeMap<>();
        members.keySet().forEach(member -> holding.put(member, 0));
        held.stream().map(ClusterAssignment.ProviderLease::holder).filter(Objects::nonNull)
                .forEach(holder -> holding.merge(holder, 1, Integer::sum));
        List<ClusterAssignment.Replica> replicas = holding.entrySet().stream()
                .map(e -> new ClusterAssignment.Replica(e.getKey(), members.get(e.getKey()), e.getValue())).toList();
        return new ClusterAssignment(ns, apiServer, now, settings.leaseDuration(), held, replicas);
    }

    private static Config config(Path kubeconfig) throws UnreachableException {
        Config base;
        if (kubeconfig == null) {
            base = Config.autoConfigure(null);
        } else {
            if (!Files.isReadable(kubeconfig)) {
                throw new UnreachableException("cannot read kubeconfig " + kubeconfig + ": no such readable file", null);
            }
            try {
                base = Config.fromKubeconfig(kubeconfig.toFile());
            } catch (RuntimeException e) {
                throw new UnreachableException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
            }
        }
        return new ConfigBuilder(base).withRequestTimeout(TIMEOUT_MILLIS).withConnectionTimeout(TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0).build();
    }

    private static boolean isMember(Lease lease, String group) {
        Map<String, String> labels = lease.getMetadata().getLabels();
        return labels != null && group.equals(labels.get(GROUP_LABEL)) && REPLICA_ROLE.equals(labels.get(ROLE_LABEL));
    }

    private static String holder(Lease lease) {
        if (lease == null || lease.getSpec() == null) {
            return null;
        }
        String holder = lease.getSpec().getHolderIdentity();
        return holder == null || holder.isEmpty() ? null : holder;
    }

    private static Duration age(Lease lease, Instant now) {
        if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return null;
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        return Duration.between(renewed.toInstant(), now);
    }

    /** The status when the API server answered, else the innermost cause (fabric8 wraps it in IOExceptions). */
    private static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return ApiFailures.describe(e);
        }
        Throwable innermost = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (cause instanceof java.net.UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return "no answer within " + TIMEOUT_MILLIS / 1000 + " s";
            }
            innermost = cause;
        }
        return innermost.getClass().getSimpleName() + (innermost.getMessage() == null ? ""
                : " " + innermost.getMessage());
    }

    private static String hint(KubernetesClientException e) {
        return switch (e.getCode()) {
            case 401 -> " (check the kubeconfig's credentials)";
            case 403 -> " (the kubeconfig's user needs list on leases.coordination.k8s.io in that namespace)";
            default -> e.getCode() > 0 ? "" : " (is the API server reachable? the kubeconfig: KUBECONFIG, "
                    + "~/.kube/config or --kubeconfig)";
        };
    }
}
