package io.eventrouter.eventbridge;

import io.cloudevents.CloudEvent;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorContext;
import io.eventrouter.spi.Refreshing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends the events that match the configured rule's pattern with PutEvents, up to 10 consecutive events of a lane
 * per call. Each call is one attempt; failed entries are reported per event so the router retries only those.
 */
final class EventBridgeProcessor implements EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeProcessor.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final String THROTTLING = "ThrottlingException";
    /**
     * Entry error codes EventBridge documents as not retryable: the entry is malformed or the bus will not take it
     * from us (permissions), so sending it again cannot help. InternalFailure and codes not listed are retried.
     */
    private static final Set<String> PERMANENT_ENTRY_ERRORS = Set.of("AccessDeniedException",
            "InvalidAccountIdException", "InvalidArgument", "MalformedDetail", "RedactionFailure",
            "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException");
    private static final DeliveryResult NOT_ATTEMPTED = DeliveryResult.unavailable(0,
            "not attempted: an earlier PutEvents call of the batch failed", null);

    private static final DeliveryResult CLOSED = DeliveryResult.unavailable(0, "not sent: the processor is closed",
            null);

    private final EventBridgeConfig config;
    private final EventBridgeClient client;
    private final Refreshing<RulePattern> pattern;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String name;
    private volatile boolean closed;

    EventBridgeProcessor(EventBridgeConfig config, ProcessorContext context, EventBridgeClient client) {
        this.config = config;
        this.client = client;
        this.clock = context.clock();
        this.meters = context.meterRegistry();
        this.name = context.name();
        RuleReader reader = new RuleReader(client, config.eventBus(), config.ruleARN());
        this.pattern = new Refreshing<>("event pattern of " + config.ruleARN(), reader::read,
                config.ruleRefreshInterval(), FIRST_RETRY);
        pattern.current().ifPresent(p -> LOG.info("aws_event_bridge processor {}: event pattern {}", name, p.text()));
    }

    /** Until the pattern has been read once, every event might be wanted; {@link #deliverAll} decides then. */
    @Override
    public boolean wants(CloudEvent event) {
        return pattern.current().map(p -> matches(p, Envelope.of(event))).orElse(true);
    }

    @Override
    public int maxBatchSize() {
        return PutEventsBatches.MAX_ENTRIES;
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) {
        return deliverAll(List.of(event), timeout).getFirst();
    }

    @Override
    public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) {
        DeliveryResult[] results = new DeliveryResult[events.size()];
        if (closed) {
            Arrays.fill(results, CLOSED);
            return List.of(results);
        }
        Optional<RulePattern> known = pattern.current();
        if (known.isEmpty() && pattern.refreshNow()) {
            known = pattern.current();
        }
        if (known.isEmpty()) {
            Arrays.fill(results, DeliveryResult.unavailable(0, "the rule's event pattern could not be read yet", null));
            return List.of(results);
        }
        List<Envelope> entries = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Envelope envelope = Envelope.of(events.get(i));
            if (!matches(known.get(), envelope)) {
                results[i] = DeliveryResult.delivered(0); // not for this rule: nothing to send
            } else if (envelope.size() > PutEventsBatches.MAX_REQUEST_BYTES) {
                results[i] = DeliveryResult.rejected(0, "entry of " + envelope.size()
                        + " bytes is over EventBridge's 256 KB limit");
            } else {
                entries.add(envelope);
                positions.add(i);
            }
        }
        boolean refused = false;
        for (List<Integer> request : PutEventsBatches.split(entries)) {
            List<DeliveryResult> sent = refused ? Collections.nCopies(request.size(), NOT_ATTEMPTED)
                    : put(request.stream().map(entries::get).toList(), timeout);
            // a call refused as a whole (throttled, down) stops the later ones, so they do not overtake it
            refused = sent.stream().noneMatch(DeliveryResult::isDelivered);
            for (int j = 0; j < request.size(); j++) {
                results[positions.get(request.get(j))] = sent.get(j);
            }
        }
        return List.of(results);
    }

    private List<DeliveryResult> put(List<Envelope> entries, Duration timeout) {
        PutEventsRequest request = PutEventsRequest.builder()
                .entries(entries.stream().map(e -> PutEventsRequestEntry.builder().eventBusName(config.eventBus())
                        .source(e.source()).detailType(e.detailType()).detail(e.detail()).build()).toList())
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                .build();
        try {
            PutEventsResponse response = client.putEvents(request);
            if (response.entries().size() != entries.size()) {
                return same(entries.size(), DeliveryResult.retryable(200, "PutEvents answered "
                        + response.entries().size() + " results for " + entries.size() + " entries"));
            }
            List<DeliveryResult> results = new ArrayList<>(entries.size());
            for (PutEventsResultEntry entry : response.entries()) {
                results.add(entry.errorCode() == null ? DeliveryResult.delivered(200) : failedEntry(entry));
            }
            return results;
        } catch (AwsServiceException e) {
            return same(entries.size(), classify(e));
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            return same(entries.size(), DeliveryResult.retryable(0, "timeout after " + timeout.toMillis() + " ms"));
        } catch (SdkClientException e) {
            return same(entries.size(), DeliveryResult.networkError(e));
        } catch (RejectedExecutionException | IllegalStateException e) {
            if (!closed) {
                throw e;
            }
            // the client was closed under this call: reported, so the router keeps the events
            return same(entries.size(), CLOSED);
        }
    }

    private DeliveryResult failedEntry(PutEventsResultEntry entry) {
        Counter.builder("eventrouter.eventbridge.failed.entries")
                .description("PutEvents entries EventBridge answered with an error code")
                .tag("processor", name).tag("code", entry.errorCode())
                .register(meters).increment();
        String detail = entry.errorCode() + ": " + (entry.errorMessage() == null ? "" : entry.errorMessage());
        if (THROTTLING.equals(entry.errorCode())) {
            return DeliveryResult.unavailable(0, detail, null);
        }
        return PERMANENT_ENTRY_ERRORS.contains(entry.errorCode()) ? DeliveryResult.rejected(0, detail)
                : DeliveryResult.retryable(0, detail);
    }

    /** Throttling waits without using the retry budget; a request EventBridge cannot take at all is rejected. */
    private static DeliveryResult classify(AwsServiceException e) {
        int status = e.statusCode();
        String detail = e.awsErrorDetails() == null ? String.valueOf(e.getMessage())
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
        if (e.isThrottlingException()) {
            return DeliveryResult.unavailable(status, detail, null);
        }
        if (status == 413) {
            return DeliveryResult.rejected(status, detail);
        }
        if (status >= 500) {
            return DeliveryResult.fromHttpStatus(status, detail, null);
        }
        // other client errors (credentials, permissions, unknown bus) need an operator; retried within the budget
        return DeliveryResult.retryable(status, detail);
    }

    private boolean matches(RulePattern rule, Envelope envelope) {
        try {
            return rule.matches(envelope.asBusEvent(config.account(), config.region(), clock.instant()));
        } catch (Exception e) {
            // EventBridge applies the rule again on its side, so sending is the safe answer
            LOG.warn("aws_event_bridge processor {}: cannot match an event against the pattern ({}); sending it",
                    name, e.toString());
            return true;
        }
    }

    private static List<DeliveryResult> same(int count, DeliveryResult result) {
        return Collections.nCopies(count, result);
    }

    @Override
    public String describe() {
        return "aws_event_bridge bus " + config.eventBus() + " in " + config.region() + " (rule " + config.ruleARN() + ")";
    }

    /** The rule ARN, which the original wrote to identify this processor. */
    @Override
    public String statsAddress() {
        return config.ruleARN();
    }

    /** The original listed every subject it saw, matched by the rule or not. */
    @Override
    public boolean statsListDeclinedSubjects() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        pattern.close();
        client.close();
    }
}
