package io.eventrouter.routing;

import io.cloudevents.CloudEvent;
import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.deadletter.DeadLetterWriter;
import io.eventrouter.deadletter.ErrorExtensions;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.retry.Sleeper;
import io.eventrouter.spi.Acknowledgement;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouterTest {

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final Sleeper recordingSleeper = sleeps::add;
    private final List<Router> routers = new ArrayList<>();

    @AfterEach
    void stopRouters() throws InterruptedException {
        for (Router router : routers) {
            router.close(Duration.ofSeconds(1));
        }
    }

    private static DeliveryPolicy spec(int retry, int concurrency, int maxEvents) {
        return DeliveryPolicy.builder().retry(retry).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(100)).backoffMax(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(5))
                .concurrency(concurrency).maxQueuedEvents(maxEvents).maxQueuedBytes(1L << 20).build();
    }

    private Router router(Route... routes) {
        Router router = new Router(List.of(routes), new RouterObserver() {
        }, Clock.systemUTC(), recordingSleeper);
        routers.add(router);
        return router;
    }

    private static Route route(String name, ScriptedProcessor processor, DeliveryPolicy spec) {
        return new Route(name, "test", EventFilter.ALL, processor, spec, null);
    }

    @Test
    void deliversToEveryMatchingRouteAndAcknowledgesWhenAllAreDone() throws Exception {
        ScriptedProcessor a = new ScriptedProcessor();
        ScriptedProcessor b = new ScriptedProcessor();
        ScriptedProcessor c = new ScriptedProcessor();
        Route onlyOdd = new Route("c", "test", event -> Integer.parseInt(event.getId()) % 2 == 1, c,
                spec(0, 1, 10), null);
        EventPublisher publisher = router(route("a", a, spec(0, 1, 10)), route("b", b, spec(0, 1, 10)), onlyOdd)
                .publisher("p");

        Acknowledgement first = publisher.publish(TestEvents.event("1"), "k");
        Acknowledgement second = publisher.publish(TestEvents.event("2"), "k");

        await().until(() -> first.isDone() && second.isDone());
        assertThat(a.delivered).containsExactly("1", "2");
        assertThat(b.delivered).containsExactly("1", "2");
        assertThat(c.delivered).containsExactly("1");
    }

    @Test
    void eventNoRouteWantsIsAcknowledgedAtOnce() throws Exception {
        ScriptedProcessor a = new ScriptedProcessor();
        EventPublisher publisher = router(new Route("a", "test", event -> false, a, spec(0, 1, 10), null))
                .publisher("p");

        assertThat(publisher.publish(TestEvents.event("1"), "k").isDone()).isTrue();
        assertThat(a.attempts).isEmpty();
    }

    @Test
    void keepsPublishOrderAndOneInFlightPerOrderingKey() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        EventPublisher publisher = router(route("a", processor, spec(0, 8, 1000))).publisher("p");
        List<Acknowledgement> acks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            acks.add(publisher.publish(TestEvents.event(Integer.toString(i)), "one-vcenter"));
        }
        await().until(() -> acks.stream().allMatch(Acknowledgement::isDone));
        assertThat(processor.delivered).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 200).mapToObj(Integer::toString).toList());
        assertThat(processor.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void deliversDifferentKeysInParallelUpToTheConcurrency() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.gate = new Semaphore(0);
        EventPublisher publisher = router(route("a", processor, spec(0, 4, 1000))).publisher("p");
        for (int i = 0; i < 10; i++) {
            publisher.publish(TestEvents.event(Integer.toString(i)), "key-" + i);
        }
        await().until(() -> processor.inFlight.get() == 4);
        processor.gate.release(100);
        await().until(() -> processor.delivered.size() == 10);
        assertThat(processor.maxInFlight.get()).isEqualTo(4);
    }

    @Test
    void fullQueueMakesPublishersWaitUntilThereIsRoom() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.gate = new Semaphore(0);
        EventPublisher publisher = router(route("a", processor, spec(0, 1, 2))).publisher("p");
        publisher.publish(TestEvents.event("1"), "k");
        publisher.publish(TestEvents.event("2"), "k");

        Optional<Acknowledgement> third = publisher.tryPublish(TestEvents.event("3"), "k", Duration.ofMillis(50));
        assertThat(third).isEmpty();

        processor.gate.release();
        Optional<Acknowledgement> retried = publisher.tryPublish(TestEvents.event("3"), "k", Duration.ofSeconds(5));
        assertThat(retried).isPresent();
        processor.gate.release(10);
        await().until(() -> retried.get().isDone());
        assertThat(processor.delivered).containsExactly("1", "2", "3");
    }

    @Test
    void retriesWithTheBackoffPolicyThenDelivers() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        AtomicInteger calls = new AtomicInteger();
        processor.answer = event -> calls.incrementAndGet() <= 2 ? DeliveryResult.fromHttpStatus(500, "boom", null)
                : DeliveryResult.delivered(202);
        Acknowledgement ack = router(route("a", processor, spec(3, 1, 10))).publisher("p")
                .publish(TestEvents.event("1"), "k");

        await().until(ack::isDone);
        assertThat(processor.attempts).hasSize(3);
        assertThat(processor.delivered).containsExactly("1");
        assertThat(sleeps).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void linearBackoffWaitsDelayTimesTheRetryNumber() {
        DeliveryPolicy linear = DeliveryPolicy.builder().retry(5).backoffPolicy(BackoffPolicy.LINEAR)
                .backoffDelay(Duration.ofMillis(300)).backoffMax(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(1))
                .concurrency(1).maxQueuedEvents(1).maxQueuedBytes(1024L).build();
        assertThat(linear.backoff(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(linear.backoff(3)).isEqualTo(Duration.ofMillis(900));
        assertThat(linear.backoff(4)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void exhaustedRetriesGoToTheDeadLetterSinkWithKnativeErrorExtensions() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.answer = event -> DeliveryResult.fromHttpStatus(500, "database down", null);
        List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
        Route route = new Route("a", "test", EventFilter.ALL, processor, spec(2, 1, 10), collecting(deadLetters));
        Acknowledgement ack = router(route).publisher("p").publish(TestEvents.event("1"), "k");

        await().until(ack::isDone);
        assertThat(processor.attempts).hasSize(3);
        assertThat(deadLetters).singleElement().satisfies(dead -> {
            assertThat(dead.getId()).isEqualTo("1");
            assertThat(dead.getExtension(ErrorExtensions.DESTINATION)).isEqualTo("http://scripted.test/");
            assertThat(dead.getExtension(ErrorExtensions.CODE)).isEqualTo(500);
            assertThat(new String(Base64.getDecoder().decode((String) dead.getExtension(ErrorExtensions.DATA)),
                    StandardCharsets.UTF_8)).isEqualTo("database down");
        });
    }

    @Test
    void rejectedEventIsDeadLetteredAtOnceAndTheStreamGoesOn() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.answer = event -> event.getId().equals("poison") ? DeliveryResult.fromHttpStatus(400, "bad", null)
                : DeliveryResult.delivered(202);
        List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
        EventPublisher publisher = router(new Route("a", "test", EventFilter.ALL, processor, spec(5, 1, 10),
                collecting(deadLetters))).publisher("p");
        publisher.publish(TestEvents.event("1"), "k");
        publisher.publish(TestEvents.event("poison"), "k");
        Acknowledgement last = publisher.publish(TestEvents.event("2"), "k");

        await().until(last::isDone);
        assertThat(processor.delivered).containsExactly("1", "2");
        assertThat(processor.attempts).containsExactly("1", "poison", "2");
        assertThat(deadLetters).extracting(CloudEvent::getId).containsExactly("poison");
    }

    @Test
    void withoutDeadLetterSinkAFailedEventIsDroppedButAcknowledged() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.answer = event -> DeliveryResult.fromHttpStatus(400, "bad", null);
        List<String> dropped = new CopyOnWriteArrayList<>();
        Router router = new Router(List.of(route("a", processor, spec(3, 1, 10))), new RouterObserver() {
            @Override
            public void dropped(String route, TrackedEvent event, DeliveryResult last) {
                dropped.add(event.event().getId());
            }
        }, Clock.systemUTC(), recordingSleeper);
        routers.add(router);

        Acknowledgement ack = router.publisher("p").publish(TestEvents.event("1"), "k");
        await().until(ack::isDone);
        assertThat(dropped).containsExactly("1");
    }

    @Test
    void unavailableDestinationIsRetriedWithoutUsingUpTheRetryBudget() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        AtomicInteger calls = new AtomicInteger();
        processor.answer = event -> calls.incrementAndGet() <= 20
                ? DeliveryResult.networkError(new java.net.ConnectException("refused"))
                : DeliveryResult.delivered(202);
        Acknowledgement ack = router(route("a", processor, spec(1, 1, 10))).publisher("p")
                .publish(TestEvents.event("1"), "k");

        await().until(ack::isDone);
        assertThat(processor.delivered).containsExactly("1");
        assertThat(processor.attempts).hasSize(21);
        assertThat(sleeps).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void retryAfterIsHonouredUpToTheBackoffMaximum() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        AtomicInteger calls = new AtomicInteger();
        processor.answer = event -> switch (calls.incrementAndGet()) {
            case 1 -> DeliveryResult.fromHttpStatus(429, "slow down", Duration.ofSeconds(2));
            case 2 -> DeliveryResult.fromHttpStatus(503, "busy", Duration.ofSeconds(60));
            default -> DeliveryResult.delivered(202);
        };
        Acknowledgement ack = router(route("a", processor, spec(0, 1, 10))).publisher("p")
                .publish(TestEvents.event("1"), "k");

        await().until(ack::isDone);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void closingLeavesUndeliveredEventsUnacknowledged() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        processor.answer = event -> DeliveryResult.networkError(new java.net.ConnectException("refused"));
        Router router = new Router(List.of(route("a", processor, spec(3, 1, 10))), new RouterObserver() {
        });
        Acknowledgement ack = router.publisher("p").publish(TestEvents.event("1"), "k");
        await().until(() -> !processor.attempts.isEmpty());

        router.close(Duration.ofMillis(200));

        assertThat(ack.isDone()).isFalse();
        assertThat(router.publisher("p").tryPublish(TestEvents.event("2"), "k", Duration.ZERO)).isEmpty();
    }

    @Test
    void batchingProcessorGetsConsecutiveEventsOfALaneInOrder() throws Exception {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        ScriptedProcessor processor = new ScriptedProcessor() {
            @Override
            public List<DeliveryResult> deliverAll(List<CloudEvent> events, Duration timeout) {
                batches.add(events.stream().map(CloudEvent::getId).toList());
                return events.stream().map(e -> DeliveryResult.delivered(200)).toList();
            }
        };
        processor.batchSize = 10;
        processor.gate = new Semaphore(0);
        EventPublisher publisher = router(route("a", processor, spec(0, 1, 100))).publisher("p");
        Acknowledgement first = publisher.publish(TestEvents.event("0"), "k");
        await().until(() -> processor.inFlight.get() == 1);
        List<Acknowledgement> rest = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            rest.add(publisher.publish(TestEvents.event(Integer.toString(i)), "k"));
        }
        processor.gate.release();

        await().until(() -> first.isDone() && rest.stream().allMatch(Acknowledgement::isDone));
        assertThat(batches).containsExactly(
                java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(Integer::toString).toList(),
                java.util.stream.IntStream.rangeClosed(11, 20).mapToObj(Integer::toString).toList(),
                java.util.stream.IntStream.rangeClosed(21, 25).mapToObj(Integer::toString).toList());
    }

    private static DeadLetterWriter collecting(List<CloudEvent> sink) {
        return new DeadLetterWriter() {
            @Override
            public DeliveryResult write(CloudEvent event) {
                sink.add(event);
                return DeliveryResult.delivered(0);
            }

            @Override
            public String describe() {
                return "memory";
            }
        };
    }

    @Test
    void aRateLimitDelaysEventsInOrderAndDropsNone() throws Exception {
        ScriptedProcessor processor = new ScriptedProcessor();
        DeliveryPolicy limited = DeliveryPolicy.builder().retry(0).backoffPolicy(BackoffPolicy.EXPONENTIAL)
                .backoffDelay(Duration.ofMillis(100)).backoffMax(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(5))
                .concurrency(4).maxQueuedEvents(100).maxQueuedBytes(1L << 20)
                .rateLimit(new io.eventrouter.config.RateLimit(2.0, 3)).build();
        List<Duration> heldFor = new CopyOnWriteArrayList<>();
        Router router = new Router(List.of(route("a", processor, limited)), new RouterObserver() {
            @Override
            public void rateLimited(String name, TrackedEvent event, Duration wait) {
                heldFor.add(wait);
            }
        }, Clock.systemUTC(), recordingSleeper); // records the waits instead of sleeping: no time is measured
        routers.add(router);
        EventPublisher publisher = router.publisher("p");
        List<Acknowledgement> acks = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            acks.add(publisher.publish(TestEvents.event(Integer.toString(i)), "one-lane"));
        }

        await().until(() -> acks.stream().allMatch(Acknowledgement::isDone));
        assertThat(processor.delivered).hasSize(20)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(Integer::toString).toList());
        assertThat(heldFor).as("all but the burst of 3 waited").hasSize(17).isEqualTo(sleeps);
        assertThat(sleeps.getLast()).as("the 20th event's slot at 2/s after a burst of 3: 8.5 s later")
                .isBetween(Duration.ofMillis(8_000), Duration.ofMillis(8_500));
    }
}
