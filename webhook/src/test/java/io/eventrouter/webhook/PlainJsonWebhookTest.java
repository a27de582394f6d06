package io.eventrouter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.Binder;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigPath;
import io.eventrouter.config.ConfigTreeReader;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.References;
import io.eventrouter.filter.EventFilter;
import io.eventrouter.health.HealthRegistry;
import io.eventrouter.routing.Route;
import io.eventrouter.routing.Router;
import io.eventrouter.routing.RouterObserver;
import io.eventrouter.spi.ProviderEnvironment;
import io.eventrouter.testing.RecordingProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plain-JSON mode with the payload shapes of three VMware products that push webhooks (samples written for these
 * tests after each product's public documentation): the VMware Cloud Notification Gateway, the vRealize Network
 * Insight (Aria Operations for Networks) Databus and Harbor's default webhook format.
 */
class PlainJsonWebhookTest {

    /** A Notification Gateway notification: one object with its own id, the resource it is about and a time. */
    private static final String VMC_NOTIFICATION = """
            {
              "id": "5b0e6e0c-3f1d-4a8e-9d6b-2c1f0e9a7d41",
              "org_id": "2f1c8a7e-0b6d-4c3e-a9f5-7d2e1b0c9a88",
              "notification_type": "SDDC-HOST-ADDED",
              "category": "SDDC",
              "provider": "VMC",
              "resource_type": "SDDC",
              "resource_id": "9a7d3c21-5e4f-4b8a-8c6d-1f2e3a4b5c6d",
              "resource_name": "prod-sddc-eu",
              "priority": "MEDIUM",
              "status": "ACTIVE",
              "user_name": "cloudadmin@example.com",
              "created": "2026-11-30T08:15:42.120Z",
              "message": {"subject": "Host added", "text": "A host was added to cluster Cluster-1 of prod-sddc-eu."}
            }""";

    /**
     * Problem events as vRNI's API describes them (entity_id, entity_type ProblemEvent, event_time_epoch_ms, ...),
     * several in one post, as a Databus subscriber of the "problems" message group receives them.
     */
    private static final String VRNI_PROBLEMS = """
            [
              {
                "entity_id": "18230:650:1739876543",
                "entity_type": "ProblemEvent",
                "name": "Host network connectivity lost",
                "event_time_epoch_ms": 1764490542000,
                "severity": "CRITICAL",
                "admin_state": "ENABLED",
                "event_tags": ["VIRTUALIZATION"],
                "related_entities": [{"entity_id": "18230:4:887766", "entity_type": "Host", "name": "esx-03.example.com"}]
              },
              {
                "entity_id": "18230:650:1739876544",
                "entity_type": "ProblemEvent",
                "name": "VM network adapter disconnected",
                "event_time_epoch_ms": 1764490603250,
                "severity": "WARNING",
                "admin_state": "ENABLED",
                "event_tags": ["VIRTUALIZATION"],
                "related_entities": [{"entity_id": "18230:1:554433", "entity_type": "VirtualMachine", "name": "web-01"}]
              }
            ]""";

    /** Harbor's default format: no id of its own, the time in seconds since the epoch. */
    private static final String HARBOR_PUSH = """
            {
              "type": "PUSH_ARTIFACT",
              "occur_at": 1764490800,
              "operator": "ci-robot",
              "event_data": {
                "resources": [
                  {
                    "digest": "sha256:3f5a9c0d2e8b7a6f1c4d9e0b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c",
                    "tag": "1.4.2",
                    "resource_url": "harbor.example.com/apps/web:1.4.2"
                  }
                ],
                "repository": {
                  "date_created": 1760000000,
                  "name": "web",
                  "namespace": "apps",
                  "repo_full_name": "apps/web",
                  "repo_type": "private"
                }
              }
            }""";

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingProcessor processor = new RecordingProcessor();
    private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    private Router router;
    private WebhookProvider provider;

    private URI start(String plainJsonYaml) throws Exception {
        PlainJsonSettings settings = new Binder(References.system())
                .bind(ConfigTreeReader.read(plainJsonYaml), PlainJsonSettings.class, ConfigPath.ROOT);
        WebhookConfig config = new WebhookConfig("127.0.0.1:0", "/webhook", null, 65536, 8192, Duration.ofMillis(100),
                Duration.ofSeconds(5), null, null, settings);
        router = new Router(List.of(new Route("p", "test", EventFilter.ALL, processor,
                DeliveryPolicy.defaults(), null)), new RouterObserver() {
        });
        provider = new WebhookProvider(config);
        provider.start(ProviderEnvironment.of("hook", router.publisher("hook"), health.register("hook")));
        return URI.create("http://127.0.0.1:" + provider.address().getPort() + "/webhook");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (provider != null) {
            provider.close();
        }
        if (router != null) {
            router.close(Duration.ofSeconds(1));
        }
    }

    private HttpResponse<String> post(URI uri, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String data(CloudEvent event) {
        return new String(event.getData().toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void vmcNotificationIsWrappedWithItsIdSubjectAndTimeAndTheBodyUnchanged() throws Exception {
        URI uri = start("""
                type: com.vmware.vmc.notification
                source: https://vmc.vmware.com
                id: /id
                subject: /resource_name
                time: /created
                """);
        HttpResponse<String> response = post(uri, "application/json; charset=utf-8", VMC_NOTIFICATION);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(processor.delivered()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("com.vmware.vmc.notification");
            assertThat(event.getSource()).isEqualTo(URI.create("https://vmc.vmware.com"));
            assertThat(event.getId()).isEqualTo("5b0e6e0c-3f1d-4a8e-9d6b-2c1f0e9a7d41");
            assertThat(event.getSubject()).isEqualTo("prod-sddc-eu");
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-30T08:15:42.120Z"));
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            assertThat(data(event)).isEqualTo(VMC_NOTIFICATION);
        });
    }

    @Test
    void vrniDatabusArrayIsSplitIntoOneEventPerProblemInOrder() throws Exception {
        URI uri = start("""
                type: com.vmware.vrni.problem
                source: https://vrni.example.com
                id: /entity_id
                subject: /name
                time: /event_time_epoch_ms
                timeUnit: milliseconds
                splitArrays: true
                """);
        HttpResponse<String> response = post(uri, "application/json", VRNI_PROBLEMS);

        assertThat(response.statusCode()).isEqualTo(200);
        List<CloudEvent> events = processor.delivered();
        assertThat(events).extracting(CloudEvent::getId)
                .containsExactly("18230:650:1739876543", "18230:650:1739876544");
        assertThat(events).extracting(CloudEvent::getSubject)
                .containsExactly("Host network connectivity lost", "VM network adapter disconnected");
        assertThat(events.get(1).getTime()).isEqualTo(OffsetDateTime.parse("2025-11-30T08:16:43.250Z"));
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(data(events.get(0)))).isEqualTo(json.readTree(VRNI_PROBLEMS).get(0));
        assertThat(json.readTree(data(events.get(1)))).isEqualTo(json.readTree(VRNI_PROBLEMS).get(1));
    }

    @Test
    void harborPushWithoutAnIdGetsTheHashOfItsBodySoAResendHasTheSameId() throws Exception {
        URI uri = start("""
                type: com.vmware.harbor.artifact.pushed
                source: https://harbor.example.com
                subject: /event_data/repository/repo_full_name
                time: /occur_at
                """);
        assertThat(post(uri, "application/json", HARBOR_PUSH).statusCode()).isEqualTo(200);
        assertThat(post(uri, null, HARBOR_PUSH).statusCode()).isEqualTo(200);

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(HARBOR_PUSH.getBytes(StandardCharsets.UTF_8)));
        assertThat(processor.delivered()).hasSize(2).allSatisfy(event -> {
            assertThat(event.getId()).isEqualTo(sha256);
            assertThat(event.getSubject()).isEqualTo("apps/web");
            assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2025-11-30T08:20:00Z"));
            assertThat(data(event)).isEqualTo(HARBOR_PUSH);
        });
    }

    @Test
    void withoutSplitArraysAnArrayIsOneDocument() throws Exception {
        URI uri = start("""
                type: com.vmware.vrni.problems
                source: https://vrni.example.com
                id: /0/entity_id
                """);
        assertThat(post(uri, "application/json", VRNI_PROBLEMS).statusCode()).isEqualTo(200);
        assertThat(processor.delivered()).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo("18230:650:1739876543");
            assertThat(data(event)).isEqualTo(VRNI_PROBLEMS);
        });
    }

    @Test
    void cloudEventsAreStillReadAsCloudEventsInPlainJsonMode() throws Exception {
        URI uri = start("""
                type: com.example.wrapped
                source: /wrapped
                """);
        HttpResponse<String> response = post(uri, "application/json", "{\"vm\":\"web-01\"}",
                "ce-specversion", "1.0", "ce-id", "42", "ce-source", "/vc", "ce-type", "vm.powered.off");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(processor.delivered()).singleElement().satisfies(event -> {
            assertThat(event.getId()).isEqualTo("42");
            assertThat(event.getType()).isEqualTo("vm.powered.off");
        });
    }

    @Test
    void badDocumentsGet400WithTheReasonAndNothingIsDelivered() throws Exception {
        URI uri = start("""
                type: com.vmware.vrni.problem
                source: https://vrni.example.com
                id: /entity_id
                time: /event_time_epoch_ms
                splitArrays: true
                """);
        HttpResponse<String> notJson = post(uri, "application/json", "entity_id=1");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not valid JSON");

        HttpResponse<String> trailing = post(uri, "application/json", "{\"entity_id\":\"1\",\"event_time_epoch_ms\":1} x");
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(trailing.body()).contains("not valid JSON");

        HttpResponse<String> empty = post(uri, "application/json", "");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("empty");

        HttpResponse<String> missingId = post(uri, "application/json", "{\"name\":\"x\",\"event_time_epoch_ms\":1}");
        assertThat(missingId.statusCode()).isEqualTo(400);
        assertThat(missingId.body().strip()).isEqualTo("id: nothing at JSON pointer /entity_id");

        HttpResponse<String> objectId = post(uri, "application/json",
                "{\"entity_id\":{\"a\":1},\"event_time_epoch_ms\":1}");
        assertThat(objectId.statusCode()).isEqualTo(400);
        assertThat(objectId.body()).contains("/entity_id is an object, expected a string or a number");

        HttpResponse<String> textTime = post(uri, "application/json",
                "{\"entity_id\":\"1\",\"event_time_epoch_ms\":\"yesterday\"}");
        assertThat(textTime.statusCode()).isEqualTo(400);
        assertThat(textTime.body()).contains("not an RFC 3339 time");

        HttpResponse<String> boolTime = post(uri, "application/json", "{\"entity_id\":\"1\",\"event_time_epoch_ms\":true}");
        assertThat(boolTime.statusCode()).isEqualTo(400);
        assertThat(boolTime.body()).contains("is a boolean");

        // one bad element refuses the whole request: the sender retries it whole, so nothing is delivered twice
        HttpResponse<String> badSecond = post(uri, "application/json",
                "[{\"entity_id\":\"1\",\"event_time_epoch_ms\":1},{\"event_time_epoch_ms\":2}]");
        assertThat(badSecond.statusCode()).isEqualTo(400);
        assertThat(badSecond.body().strip()).isEqualTo("document [1]: id: nothing at JSON pointer /entity_id");

        HttpResponse<String> xml = post(uri, "application/xml", "<problem/>");
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("unsupported content type application/xml");

        assertThat(processor.attempts()).isEmpty();
    }

    @Test
    void settingsAreCheckedAtLoad() {
        assertThatThrownBy(() -> bind("source: /s"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> bind("type: t\nsource: /s\nid: entity_id"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("id")
                .hasMessageContaining("starts with \"/\"");
        assertThatThrownBy(() -> bind("type: t\nsource: \"a b\""))
                .isInstanceOf(ConfigException.class).hasMessageContaining("source")
                .hasMessageContaining("URI");
        assertThatThrownBy(() -> bind("type: t\nsource: /s\ntimeUnit: hours"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("timeUnit");
    }

    private static PlainJsonSettings bind(String yaml) throws ConfigException {
        return new Binder(References.system()).bind(ConfigTreeReader.read(yaml), PlainJsonSettings.class,
                ConfigPath.ROOT);
    }
}
