package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

import java.net.HttpURLConnection;

/**
 * fabric8's Lease lock, reporting API failures through {@link ApiFailures} (fabric8's elector, whose own logging is
 * turned off, would log each with a stack trace). A 409 Conflict is not a failure: two replicas tried to take an
 * expired Lease at once and the other one won.
 */
final class ReportingLock implements Lock {

    private final Lock lease;
    private final ApiFailures failures;

    ReportingLock(Lock lease, ApiFailures failures) {
        this.lease = lease;
        this.failures = failures;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        try {
            LeaderElectionRecord record = lease.get(client);
            failures.succeeded("get");
            return record;
        } catch (KubernetesClientException e) {
            failures.failed("get", e);
            throw e;
        }
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        try {
            lease.create(client, record);
            failures.succeeded("create");
        } catch (KubernetesClientException e) {
            reportUnlessConflict("create", e);
            throw e;
        }
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        try {
            lease.update(client, record);
            failures.succeeded("patch");
        } catch (KubernetesClientException e) {
            // fabric8's Lease lock updates with a merge patch: the Role's verb is patch.
            reportUnlessConflict("patch", e);
            throw e;
        }
    }

    private void reportUnlessConflict(String verb, KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            failures.failed(verb, e);
        }
    }

    @Override
    public String identity() {
        return lease.identity();
    }

    @Override
    public String describe() {
        return lease.describe();
    }
}
