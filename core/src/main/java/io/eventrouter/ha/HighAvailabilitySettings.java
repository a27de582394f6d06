package io.eventrouter.ha;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.Default;
import io.eventrouter.config.Doc;
import io.eventrouter.config.Validatable;
import io.eventrouter.config.Validation;
import io.eventrouter.config.WireEnum;

import java.time.Duration;
import java.util.regex.Pattern;

@Doc("Several replicas on Kubernetes: each provider that reads a source with its own position (vcenter, horizon) runs "
        + "on one replica at a time, the holder of a Lease named <name>-<provider>; the others stand by, stay ready, "
        + "and take over from the shared checkpoint when the holder stops renewing. Providers that are sent events "
        + "(webhook) run on every replica.")
public record HighAvailabilitySettings(
        @Default("true") @Doc("Elect a leader per provider; false runs every provider here, as without this section.")
        boolean enabled,
        @Default("event-router") @Doc("Prefix of the Lease and checkpoint ConfigMap names (a DNS label, at most 40 "
                + "characters); replicas with the same name and namespace share them.") String name,
        @Doc("Namespace of the Leases and ConfigMaps; default: the pod's own (its service account's namespace, or "
                + "POD_NAMESPACE).") String namespace,
        @Doc("This replica's name in the Leases; default: POD_NAME, else the host name (a pod's name).")
        String identity,
        @Default("30s") @Doc("How long a Lease is valid after its last renewal: a standby takes over this long after "
                + "the holder stopped renewing.") Duration leaseDuration,
        @Default("20s") @Doc("The holder gives the provider up when it could not renew for this long (leaseDuration "
                + "must be at least this plus 2 x retryPeriod, so it stops before anyone else may start).")
        Duration renewDeadline,
        @Default("5s") @Doc("How often the holder renews and standbys try to acquire; also the timeout of each call "
                + "to the Kubernetes API.") Duration retryPeriod,
        @Default("configMap") @Doc("Where the providers' checkpoints are shared: configMap (one ConfigMap per "
                + "provider, updated only from the version last read, so a deposed holder cannot overwrite its "
                + "successor's position) or directory (each provider's checkpointDir, which must then be a volume "
                + "every replica mounts, e.g. ReadWriteMany).") CheckpointSharing checkpoints,
        @Default("10s") @Doc("With checkpoints: configMap, how often a provider's checkpoint ConfigMap may be rewritten "
                + "(each write is an API-server request and an etcd revision); the last position is always written "
                + "when a provider stops or is handed over. After a replica dies, its successor repeats at most the "
                + "events of this interval.") Duration checkpointInterval) implements Validatable {

    /** The checkpointInterval of a section that does not give one. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** Without a checkpointInterval: {@link #DEFAULT_CHECKPOINT_INTERVAL}. */
    public HighAvailabilitySettings(boolean enabled, String name, String namespace, String identity,
                                    Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                                    CheckpointSharing checkpoints) {
        this(enabled, name, namespace, identity, leaseDuration, renewDeadline, retryPeriod, checkpoints,
                DEFAULT_CHECKPOINT_INTERVAL);
    }

    /** Lease names get {@code -<provider>} appended; Kubernetes object names are at most 63 characters. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
    /** The leader elector's retry jitter: renewDeadline must exceed retryPeriod by this factor. */
    private static final double JITTER = 1.2;

    public enum CheckpointSharing implements WireEnum {
        CONFIG_MAP("configMap"),
        DIRECTORY("directory");

        private final String wireName;

        CheckpointSharing(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    @Override
    public void validate(Validation v) throws ConfigException {
        v.check(DNS_LABEL.matcher(name).matches(), "name",
                "must be lower-case letters, digits and '-', start and end with a letter or digit, at most 40 long");
        v.check(retryPeriod.isPositive(), "retryPeriod", "must be more than zero");
        v.check(checkpointInterval.isPositive(), "checkpointInterval", "must be more than zero");
        // The Lease object holds whole seconds (leaseDurationSeconds): 12.5s would be written as 12s.
        v.check(leaseDuration.toNanos() % 1_000_000_000L == 0 && leaseDuration.isPositive(), "leaseDuration",
                "must be a positive whole number of seconds (the Lease stores seconds)");
        v.check(renewDeadline.toMillis() > JITTER * retryPeriod.toMillis(), "renewDeadline",
                "must be more than 1.2 x retryPeriod (" + retryPeriod + "), so a renewal can be retried in time");
        // A holder notices a missed deadline at its next try, which may itself take a retry period (calls time
        // out after one). This bound keeps the usual case apart; a slow stop can still overlap a standby's start
        // for a moment, which costs duplicates (at-least-once), never events.
        v.check(leaseDuration.compareTo(renewDeadline.plus(retryPeriod.multipliedBy(2))) >= 0, "leaseDuration",
                "must be at least renewDeadline + 2 x retryPeriod (" + renewDeadline.plus(retryPeriod.multipliedBy(2))
                        + "), so a holder that cannot renew stops reading before another replica takes over");
    }
}
