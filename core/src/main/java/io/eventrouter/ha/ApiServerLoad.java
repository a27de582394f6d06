package io.eventrouter.ha;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The requests a group of replicas sends the Kubernetes API server in steady state, per second: every retry period
 * each replica renews its membership Lease and lists its group's Leases once, and the holder of each provider Lease
 * reads it and renews it (the leader elector reads before it writes); each provider with new events rewrites its
 * checkpoint ConfigMap at most every checkpoint interval. Start-up, hand-overs and failed calls add a few one-off
 * requests. The README's table is {@link #table}'s output.
 *
 * @param providers          shared providers (vcenter, horizon)
 * @param replicas           replicas
 * @param retryPeriod        highAvailability.retryPeriod
 * @param checkpointInterval how often a checkpoint is rewritten: the larger of the provider's own interval and
 *                           highAvailability.checkpointInterval
 */
public record ApiServerLoad(int providers, int replicas, Duration retryPeriod, Duration checkpointInterval) {

    /** How often the vCenter provider writes its checkpoint by itself (VCenterProvider's interval). */
    public static final Duration PROVIDER_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** With {@code settings}' periods (ConfigMap checkpoints). */
    public static ApiServerLoad of(int providers, int replicas, HighAvailabilitySettings settings) {
        Duration checkpoints = settings.checkpointInterval().compareTo(PROVIDER_CHECKPOINT_INTERVAL) > 0
                ? settings.checkpointInterval() : PROVIDER_CHECKPOINT_INTERVAL;
        return new ApiServerLoad(providers, replicas, settings.retryPeriod(), checkpoints);
    }

    public double membershipRenewals() {
        return replicas / seconds(retryPeriod);
    }

    /** Each returns every Lease in the namespace: one per provider and one per replica. */
    public double leaseLists() {
        return replicas / seconds(retryPeriod);
    }

    public double providerRenewals() {
        return providers / seconds(retryPeriod);
    }

    /** The leader elector reads a Lease before each renewal, for the resourceVersion its update names. */
    public double providerReads() {
        return providers / seconds(retryPeriod);
    }

    /** At most: only providers that read new events since their last write write again. */
    public double checkpointWrites() {
        return providers / seconds(checkpointInterval);
    }

    public double writes() {
        return membershipRenewals() + providerRenewals() + checkpointWrites();
    }

    public double total() {
        return writes() + leaseLists() + providerReads();
    }

    /** A scenario of the table: a heading and the load. */
    public record Column(String heading, ApiServerLoad load) {
    }

    /** The README's table: one row per kind of request, one column per scenario. */
    public static String table(List<Column> columns) {
        StringBuilder table = new StringBuilder("| request | sent | per second |");
        StringBuilder rule = new StringBuilder("| --- | --- | --- |");
        for (Column column : columns) {
            table.append(' ').append(column.heading()).append(" |");
            rule.append(" ---: |");
        }
        table.append('\n').append(rule).append('\n');
        row(table, columns, "membership Lease renewal (merge patch)", "by each replica, every `retryPeriod`",
                "replicas ÷ `retryPeriod`", ApiServerLoad::membershipRenewals);
        row(table, columns, "Lease list (list, providers + replicas objects)", "by each replica, every `retryPeriod`",
                "replicas ÷ `retryPeriod`", ApiServerLoad::leaseLists);
        row(table, columns, "provider Lease read before its renewal (get)", "for each provider, by its holder, "
                + "every `retryPeriod`", "providers ÷ `retryPeriod`", ApiServerLoad::providerReads);
        row(table, columns, "provider Lease renewal (patch)", "for each provider, by its holder, every "
                + "`retryPeriod`", "providers ÷ `retryPeriod`", ApiServerLoad::providerRenewals);
        row(table, columns, "checkpoint ConfigMap write (update)", "for each provider with new events, at most "
                + "every `checkpointInterval`", "≤ providers ÷ `checkpointInterval`", ApiServerLoad::checkpointWrites);
        row(table, columns, "**all**", "", "", ApiServerLoad::total);
        return table.toString();
    }

    private static void row(StringBuilder table, List<Column> columns, String request, String sent, String formula,
                            ToDoubleFunction<ApiServerLoad> value) {
        table.append("| ").append(request).append(" | ").append(sent).append(" | ").append(formula).append(" |");
        for (Column column : columns) {
            table.append(' ').append(number(value.applyAsDouble(column.load()))).append(" |");
        }
        table.append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
