package io.eventrouter.app.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.RunningRouter;
import io.eventrouter.testing.CloudEventsReceiver;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Red-team item 1: CESQL {@code LIKE} patterns that make a backtracking matcher run for hours, sent to the viewer's
 * history filter (no credentials needed on the default configuration) must neither freeze the router nor run on.
 * The timeouts below are not measurements: they tell an answer from a router that never answers again.
 */
class ReDoSTest {

    /** Long enough that no answer means a frozen router, short enough for a failing test to end. */
    private static final Duration ANSWER = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER).build();

    @Test
    void theRedTeamsWildcardFilterTwiceLeavesHealthzAndWebhookDeliveryAnswering() throws Exception {
        assertRouterAnswersWhileAttacked("source LIKE '%%%%%%%%%%%%Z'", 2);
    }

    @Test
    void aWildcardFilterPerCoreWithLiteralsBetweenTheWildcardsToo() throws Exception {
        // One request per carrier thread of the virtual-thread scheduler would pin them all on the regex matcher.
        int requests = Runtime.getRuntime().availableProcessors() + 1;
        assertRouterAnswersWhileAttacked("source LIKE '%a%a%a%a%a%a%a%a%a%a%a%a%a%Z' OR id LIKE '%%%%%%%%%%%%%%%%Z'",
                requests);
    }

    @Test
    void notLikeAndDoubleQuotedPatternsAreLinearToo() throws Exception {
        assertRouterAnswersWhileAttacked("NOT (subject NOT LIKE \"%_%_%_%_%_%_%_%_%_%_%_%_%_%Z\")", 2);
    }

    private void assertRouterAnswersWhileAttacked(String filter, int requests) throws Exception {
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "",
                     ""))) {
            for (int i = 0; i < 5; i++) {
                assertThat(post(router, "seed-" + i)).isEqualTo(200);
            }
            URI evil = router.metrics("/events/history?limit=0&filter="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8));
            List<CompletableFuture<HttpResponse<String>>> attacks = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                attacks.add(http.sendAsync(HttpRequest.newBuilder(evil).timeout(ANSWER).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(router.metrics("/healthz"))
                    .timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(post(router, "during-attack")).isEqualTo(200);
            assertThat(receiver.events()).anyMatch(event -> event.getId().equals("during-attack"));

            for (CompletableFuture<HttpResponse<String>> attack : attacks) {
                HttpResponse<String> answer = attack.join();
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(new ObjectMapper().readTree(answer.body()).path("events").size()).isZero();
            }
        }
    }

    private int post(RunningRouter router, String id) throws Exception {
        return http.send(HttpRequest.newBuilder(router.webhook()).timeout(ANSWER)
                .header("Content-Type", "application/json").header("ce-specversion", "1.0")
                .header("ce-id", id).header("ce-type", "com.vmware.event.router/event")
                .header("ce-source", "/vcenter/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .header("ce-subject", "VmPoweredOnEventaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
