package io.eventrouter.kafka;

import io.eventrouter.spi.DeliveryResult.Status;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure paths a single plaintext test broker cannot produce (a secured cluster's refusals, replicas missing),
 * sorted as {@link KafkaFailureContractTest} sorts the ones it can: what needs an operator is retried within the
 * budget and then dead-lettered; a cluster that cannot take records now is waited for.
 */
class SendFailuresTest {

    @Test
    void refusedCredentialsOrPermissionsAreRetriedWithinTheBudget() {
        assertThat(SendFailures.classify(new SaslAuthenticationException("bad password")).status())
                .isEqualTo(Status.RETRYABLE);
        assertThat(SendFailures.classify(new TopicAuthorizationException(Set.of("events"))).status())
                .isEqualTo(Status.RETRYABLE);
        assertThat(SendFailures.classify(new ClusterAuthorizationException("no IdempotentWrite")).status())
                .isEqualTo(Status.RETRYABLE);
    }

    @Test
    void aClusterThatCannotTakeRecordsNowIsUnavailable() {
        assertThat(SendFailures.classify(new NotEnoughReplicasException("isr 1 < min.insync.replicas 2")).status())
                .isEqualTo(Status.UNAVAILABLE);
        assertThat(SendFailures.classify(new NotLeaderOrFollowerException("moving")).status())
                .isEqualTo(Status.UNAVAILABLE);
        assertThat(SendFailures.classify(new UnknownTopicOrPartitionException("not yet")).status())
                .isEqualTo(Status.UNAVAILABLE);
        assertThat(SendFailures.classify(new TimeoutException("expired in the accumulator")).status())
                .isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aRecordThatCannotBeWrittenIsPermanent() {
        assertThat(SendFailures.classify(new SerializationException("cannot write the key")).status())
                .isEqualTo(Status.REJECTED);
    }
}
