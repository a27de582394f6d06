package io.eventrouter.openfaas;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.config.RetryRules;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.http.EventHttpClient;
import io.eventrouter.http.HttpClients;
import io.eventrouter.http.RetriedStatuses;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.ProcessorContext;
import io.eventrouter.spi.Refreshing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.UnaryOperator;

/**
 * Invokes every OpenFaaS function subscribed to an event's subject, in parallel, with the event as a structured
 * CloudEvent ({@code application/cloudevents+json}). One call is one attempt: functions that already took the event
 * are not invoked again when the router retries it.
 */
final class OpenFaasProcessor implements EventProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OpenFaasProcessor.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GATEWAY_API_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** Events in retry at once per processor: the router's queue limit is far above what is in flight. */
    private static final int PROGRESS_CAPACITY = 10_000;
    /**
     * The original's retry rules (its retry.go): 429 and 5xx but 501 were retried, other statuses were final.
     * Connection failures keep this router's classification (it retried those within its budget too).
     */
    private static final DeliveryResult CLOSED = DeliveryResult.unavailable(0, "not invoked: the processor is closed",
            null);
    private static final RetriedStatuses ORIGINAL_RULES =
            new RetriedStatuses(status -> status == 429 || (status >= 500 && status != 501));

    private final OpenFaasConfig config;
    private final URI address;
    private final EventHttpClient eventClient;
    private final CloudEventSender sender;
    private final Refreshing<Subscriptions> subscriptions;
    private final InvocationProgress progress = new InvocationProgress(PROGRESS_CAPACITY);
    private final ExecutorService invokers = Executors.newVirtualThreadPerTaskExecutor();
    private final MeterRegistry meters;
    private final String name;
    private final UnaryOperator<DeliveryResult> retryRules;

    OpenFaasProcessor(OpenFaasConfig config, ProcessorContext context) {
        this.config = config;
        this.address = config.address().uri();
        this.meters = context.meterRegistry();
        this.name = context.name();
        this.retryRules = context.originalRetryRules()
                ? ORIGINAL_RULES::apply : UnaryOperator.identity();
        HttpClient client = HttpClients.create(context.tls().context(false), CONNECT_TIMEOUT);
        BasicAuth auth = config.auth();
        if (auth == null) {
            LOG.warn("openfaas processor {}: no auth configured; calling the gateway without credentials", name);
        }
        String authorization = auth == null ? null
                : CloudEventSender.basicAuthorization(auth.username(), auth.password().reveal());
        this.eventClient = EventHttpClient.start(context.tls().context(false), false, CONNECT_TIMEOUT);
        this.sender = new CloudEventSender(eventClient, EventEncoding.STRUCTURED, config.invocationAuth() ? auth : null);
        GatewayClient gateway = new GatewayClient(client, address, authorization, GATEWAY_API_TIMEOUT);
        this.subscriptions = new Refreshing<>("OpenFaaS function list from " + config.address(), gateway::read,
                config.refreshInterval(), FIRST_RETRY);
        subscriptions.current().ifPresent(s -> LOG.info("openfaas processor {}: {} subscribed function(s), topics {}",
                name, s.functionCount(), s.functionsByTopic().keySet()));
    }

    /** Until the function list has been read once, every event might be wanted; {@link #deliver} decides then. */
    @Override
    public boolean wants(CloudEvent event) {
        return subscriptions.current().map(s -> !s.functionsFor(event.getSubject()).isEmpty()).orElse(true);
    }

    @Override
    public DeliveryResult deliver(CloudEvent event, Duration timeout) throws InterruptedException {
        Optional<Subscriptions> known = subscriptions.current();
        if (known.isEmpty() && subscriptions.refreshNow()) {
            known = subscriptions.current();
        }
        if (known.isEmpty()) {
            return DeliveryResult.unavailable(0, "the OpenFaaS function list could not be read yet", null);
        }
        String key = InvocationProgress.key(event);
        List<String> functions = known.get().functionsFor(event.getSubject());
        Map<String, DeliveryResult> finished = progress.finished(key);
        List<String> pending = functions.stream().filter(f -> !finished.containsKey(f)).toList();
        Map<String, DeliveryResult> results = new LinkedHashMap<>(invokeAll(event, pending, timeout));
        results.forEach((function, result) -> {
            if (result.status() == DeliveryResult.Status.DELIVERED || result.status() == DeliveryResult.Status.REJECTED) {
                progress.record(key, function, result);
            }
        });
        for (String function : functions) {
            results.putIfAbsent(function, finished.get(function));
        }
        DeliveryResult combined = combine(results);
        if (combined.status() == DeliveryResult.Status.DELIVERED || combined.status() == DeliveryResult.Status.REJECTED) {
            progress.forget(key);
        }
        return combined;
    }

    private Map<String, DeliveryResult> invokeAll(CloudEvent event, List<String> functions, Duration timeout)
            throws InterruptedException {
        Map<String, DeliveryResult> results = new LinkedHashMap<>();
        if (functions.size() == 1) {
            results.put(functions.getFirst(), invoke(event, functions.getFirst(), timeout));
            return results;
        }
        Map<String, Future<DeliveryResult>> running = new LinkedHashMap<>();
        for (String function : functions) {
            try {
                running.put(function, invokers.submit(() -> invoke(event, function, timeout)));
            } catch (RejectedExecutionException e) {
                results.put(function, CLOSED); // closed meanwhile: reported, so the router keeps the event
            }
        }
        try {
            for (Map.Entry<String, Future<DeliveryResult>> call : running.entrySet()) {
                results.put(call.getKey(), outcome(call.getValue()));
            }
        } finally {
            running.values().forEach(call -> call.cancel(true));
        }
        return results;
    }

    private static DeliveryResult outcome(Future<DeliveryResult> call) throws InterruptedException {
        try {
            return call.get();
        } catch (ExecutionException e) {
            return DeliveryResult.retryable(0, String.valueOf(e.getCause()));
        }
    }

    private DeliveryResult invoke(CloudEvent event, String function, Duration timeout) throws InterruptedException {
        DeliveryResult result = retryRules.apply(sender.send(Gateway.function(address, function, config.async()),
                event, timeout));
        Counter.builder("eventrouter.openfaas.invocations")
                .description("Function invocations by the OpenFaaS processor")
                .tag("processor", name).tag("function", function)
                .tag("outcome", result.isDelivered() ? "success" : "failure")
                .register(meters).increment();
        if (!result.isDelivered()) {
            LOG.debug("openfaas processor {}: function {} failed for event {}: {} {}", name, function, event.getId(),
                    result.statusCode(), result.detail());
        }
        return result;
    }

    /**
     * One result for the event: delivered when every subscribed function took it; otherwise the failure that lets
     * the router do the most useful thing: retryable before unavailable (a retry is needed either way), and
     * rejected only when nothing is left to retry.
     */
    static DeliveryResult combine(Map<String, DeliveryResult> results) {
        if (results.isEmpty()) {
            return DeliveryResult.delivered(0);
        }
        List<String> failures = new ArrayList<>();
        DeliveryResult worst = null;
        for (Map.Entry<String, DeliveryResult> entry : results.entrySet()) {
            DeliveryResult result = entry.getValue();
            if (result.isDelivered()) {
                continue;
            }
            failures.add(entry.getKey() + ": " + (result.statusCode() == 0 ? "" : result.statusCode() + " ")
                    + result.detail());
            if (worst == null || rank(result) > rank(worst)) {
                worst = result;
            }
        }
        if (worst == null) {
            return results.values().iterator().next();
        }
        String detail = failures.size() + " of " + results.size() + " function(s) failed; " + String.join("; ", failures);
        return new DeliveryResult(worst.status(), worst.statusCode(), detail, worst.retryAfter());
    }

    private static int rank(DeliveryResult result) {
        return switch (result.status()) {
            case RETRYABLE -> 3;
            case UNAVAILABLE -> 2;
            case REJECTED -> 1;
            case DELIVERED -> 0;
        };
    }

    @Override
    public String describe() {
        return "openfaas " + config.address() + (config.async() ? " (async)" : "");
    }

    /** The gateway's configured address, as the original wrote it. */
    @Override
    public String statsAddress() {
        return config.address().toString();
    }

    @Override
    public void close() {
        subscriptions.close();
        invokers.shutdownNow();
        eventClient.close();
    }
}
