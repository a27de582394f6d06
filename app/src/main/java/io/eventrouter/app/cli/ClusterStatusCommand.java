package io.eventrouter.app.cli;

import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.config.file.ProviderSection;
import io.eventrouter.config.file.RouterPlan;
import io.eventrouter.ha.ClusterAssignment;
import io.eventrouter.ha.ClusterReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Prints who reads what, from the Leases: each shared provider's Lease, holder and how long ago it was renewed, then
 * each replica and how many providers it holds against its share.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print which replica reads each shared provider (vcenter, horizon), read from the Leases in the "
                + "cluster (kubeconfig: --kubeconfig, KUBECONFIG, ~/.kube/config or the pod's service account). "
                + "Exit 0; 2 when the file has no highAvailability or the cluster cannot be read.")
public final class ClusterStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, defaultValue = ConfigFiles.DEFAULT_PATH, paramLabel = "FILE",
            description = "The replicas' configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the pod's service account).")
    Path kubeconfig;

    @Option(names = {"--namespace", "-n"}, paramLabel = "NAMESPACE",
            description = "Namespace of the Leases (default: highAvailability.namespace, else the kubeconfig "
                    + "context's).")
    String namespace;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, err);
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        RouterPlan plan = loaded.plan();
        if (!plan.highlyAvailable()) {
            err.println("error: " + config + ": highAvailability: not enabled; without it every replica reads every "
                    + "provider and there are no Leases to show");
            err.flush();
            return ConfigFiles.BAD_CONFIG;
        }
        List<String> shared = plan.providers().stream().filter(p -> p.factory().singleActive())
                .map(ProviderSection::displayName).toList();
        ClusterAssignment assignment;
        try {
            assignment = ClusterReader.load().read(plan.highAvailability(), shared, kubeconfig, namespace);
        } catch (ClusterReader.UnreachableException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ConfigFiles.BAD_CONFIG;
        }
        print(assignment, plan.highAvailability().name(), spec.commandLine().getOut());
        return 0;
    }

    private static void print(ClusterAssignment assignment, String group, PrintWriter out) {
        out.printf("router %s in namespace %s (%s), read at %s; lease duration %s%n", group, assignment.namespace(),
                assignment.apiServer(), assignment.readAt().truncatedTo(ChronoUnit.SECONDS),
                seconds(assignment.leaseDuration()));
        out.println();
        int width = Math.max(8, assignment.providers().stream().mapToInt(p -> p.provider().length()).max().orElse(0));
        int leaseWidth = Math.max(5, assignment.providers().stream().mapToInt(p -> p.lease().length()).max()
                .orElse(0));
        String row = "%-" + width + "s  %-" + leaseWidth + "s  %-24s  %s%n";
        out.printf(row, "PROVIDER", "LEASE", "HOLDER", "RENEWED");
        if (assignment.providers().isEmpty()) {
            out.println("(no shared providers: vcenter and horizon run on one replica at a time, the others on all)");
        }
        for (ClusterAssignment.ProviderLease lease : assignment.providers()) {
            out.printf(row, lease.provider(), lease.lease(), lease.holder() == null
                            ? (lease.exists() ? "(released)" : "(no Lease yet)") : lease.holder(),
                    lease.renewAge() == null ? "-" : ago(lease.renewAge())
                            + (lease.holder() != null && lease.expired(assignment.leaseDuration())
                            ? " (expired: the holder stopped renewing)" : ""));
        }
        out.println();
        int share = assignment.share();
        int replicaWidth = Math.max(7, assignment.replicas().stream().mapToInt(r -> r.identity().length()).max()
                .orElse(0));
        String replicaRow = "%-" + replicaWidth + "s  %-9s  %s%n";
        out.printf(replicaRow, "REPLICA", "PROVIDERS", "MEMBERSHIP RENEWED");
        for (ClusterAssignment.Replica replica : assignment.replicas()) {
            out.printf(replicaRow, replica.identity(), replica.holding() + "/" + share,
                    replica.membershipAge() == null ? "(no membership Lease)" : ago(replica.membershipAge())
                            + (replica.membershipAge().compareTo(assignment.leaseDuration()) > 0 ? " (gone)" : ""));
        }
        long unheld = assignment.providers().stream().filter(p -> p.holder() == null).count();
        out.printf("%n%d providers, %d replicas, at most %d each; %d not held%n", assignment.providers().size(),
                assignment.replicas().size(), share, unheld);
        out.flush();
    }

    private static String ago(Duration age) {
        return seconds(age) + " ago";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
