package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import io.eventrouter.testing.horizon.LocalHorizon;
import io.eventrouter.testing.openfaas.LocalGateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 3: the values of {@code /stats} are the original's — {@code address} as it wrote it per connector
 * (never a user name), EventBridge's zero entry per subject it saw, integers without a fraction, {@code started} in
 * Go's format, the {@code Restricted} realm — and a script that reads {@code /stats} as the original's users did keeps
 * working.
 */
class Item3StatsValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VC_USER = "administrator@vsphere.local";
    /** Go's RFC 3339 with nanoseconds, trailing zeros dropped, in UTC. */
    private static final String GO_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{0,8}[1-9])?Z";

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void postEvent(URI webhook, String id, String subject) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/vc")
                .header("ce-type", "com.vmware.event.router/event").header("ce-subject", subject)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void item3_addressesAreTheOriginalsAndEventBridgeListsEverySubjectItSaw() throws Exception {
        int vcenterPort = FreePorts.next(); // nothing listens: the provider keeps retrying, its stats entry stays
        try (LocalHorizon horizon = new LocalHorizon();
             LocalGateway gateway = new LocalGateway("admin", "gateway-pass");
             LocalEventBridge aws = new LocalEventBridge()) {
            gateway.namespaces("openfaas-fn");
            gateway.deploy("echo", "openfaas-fn", "VmPoweredOnEvent", invocation -> LocalGateway.Answer.ok());
            String ruleArn = aws.addRule("vm-power", "default", "{\"detail\":{\"subject\":[\"VmPoweredOnEvent\"]}}")
                    .arn();
            String vcenterAddress = "https://127.0.0.1:" + vcenterPort + "/sdk";
            String horizonAddress = horizon.address().toString();
            try (RunningRouter router = RunningRouter.start("""
                    apiVersion: eventrouter.io/v1
                    kind: RouterConfig
                    metadata: {name: stats-values}
                    eventProviders:
                      - {type: webhook, name: hook, webhook: {bindAddress: "127.0.0.1:0", path: /webhook}}
                      - {type: vcenter, name: vc, vcenter: {address: "%s", insecureSSL: true,
                         auth: {type: basic_auth, basicAuth: {username: "%s", password: vc-pass}}}}
                      - {type: horizon, name: hz, horizon: {address: "%s", insecureSSL: true,
                         auth: {type: active_directory, activeDirectoryAuth: {domain: %s, username: %s, password: %s}}}}
                    eventProcessors:
                      - type: openfaas
                        name: of
                        openfaas: {address: "%s", async: false, refreshInterval: 100ms,
                                   auth: {type: basic_auth, basicAuth: {username: admin, password: gateway-pass}}}
                      - type: aws_event_bridge
                        name: eb
                        awsEventBridge: {region: us-west-1, eventBus: default, ruleARN: "%s", endpoint: "%s",
                          auth: {type: aws_access_key, awsAccessKeyAuth: {accessKey: %s, secretKey: "%s"}}}
                        filters:
                          - exact: {type: com.vmware.event.router/event}
                    metricsProvider:
                      type: default
                      name: metrics
                      default: {bindAddress: "127.0.0.1:0"}
                    """.formatted(vcenterAddress, VC_USER, horizonAddress, LocalHorizon.DOMAIN, LocalHorizon.USER,
                    LocalHorizon.PASSWORD, gateway.address(), ruleArn, aws.endpoint(), LocalEventBridge.ACCESS_KEY,
                    LocalEventBridge.SECRET_KEY))) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> gateway.functionPaths().contains("echo.openfaas-fn")
                        && !gateway.systemCalls().isEmpty());
                await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                    postEvent(router.webhook(), "1", "VmPoweredOnEvent");
                    assertThat(gateway.count("echo.openfaas-fn")).isPositive();
                });
                postEvent(router.webhook(), "2", "LicenseEvent");

                String body = send(HttpRequest.newBuilder(router.metrics("/stats"))).body();
                JsonNode stats = JSON.readTree(body).path("vmware.event.router.stats");
                assertThat(stats.path("hook").path("address").asText()).isEqualTo("127.0.0.1:0");
                assertThat(stats.path("vc").path("address").asText()).isEqualTo(vcenterAddress);
                assertThat(stats.path("hz").path("address").asText()).isEqualTo(horizonAddress);
                assertThat(stats.path("of").path("address").asText()).isEqualTo(gateway.address().toString());
                assertThat(stats.path("eb").path("address").asText()).isEqualTo(ruleArn);
                assertThat(body).doesNotContain(VC_USER).doesNotContain("vc-pass").doesNotContain("gateway-pass");

                JsonNode eventBridge = stats.path("eb").path("invocations");
                assertThat(eventBridge.path("VmPoweredOnEvent").path("SuccessCount").asLong()).isPositive();
                // not matched by the rule, still listed with zeros as the original did
                assertThat(eventBridge.path("LicenseEvent").path("SuccessCount").isIntegralNumber()).isTrue();
                assertThat(eventBridge.path("LicenseEvent").path("SuccessCount").asLong()).isZero();
                assertThat(eventBridge.path("LicenseEvent").path("FailureCount").asLong()).isZero();
                // OpenFaaS lists only subjects a function was invoked for, as the original
                assertThat(stats.path("of").path("invocations").has("LicenseEvent")).isFalse();
                for (String name : new String[]{"hook", "vc", "hz", "of", "eb"}) {
                    assertThat(stats.path(name).path("started").asText()).matches(GO_TIME);
                }
            }
        }
    }

    @Test
    void item3_statsAnswerAsTheOriginalsAndAUsersScriptReadsThem() throws Exception {
        String auth = """
                    auth:
                      type: basic_auth
                      basicAuth:
                        username: admin
                        password: stats-pass
                """;
        try (CloudEventsReceiver receiver = CloudEventsReceiver.start();
             RunningRouter router = RunningRouter.start(RunningRouter.webhookToKnative(receiver.uri(), "binary", "",
                     auth))) {
            URI stats = router.metrics("/stats");
            HttpResponse<String> refused = send(HttpRequest.newBuilder(stats));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Restricted\"");
            assertThat(refused.body()).isEqualTo("invalid credentials");

            String credentials = "Basic " + Base64.getEncoder()
                    .encodeToString("admin:stats-pass".getBytes(StandardCharsets.UTF_8));
            // before any event: Go writes the float 0 as 0
            HttpResponse<String> empty = send(HttpRequest.newBuilder(stats).header("Authorization", credentials));
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(empty.body()).containsPattern("\"events_per_sec\" ?: ?0\\s*[,}\\n]")
                    .doesNotContain("\"events_per_sec\" : 0.0");
            // expvar answers any method
            assertThat(send(HttpRequest.newBuilder(stats).header("Authorization", credentials)
                    .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

            postEvent(router.webhook(), "1", "VmPoweredOnEvent");
            postEvent(router.webhook(), "2", "VmPoweredOffEvent");
            postEvent(router.webhook(), "3", "VmPoweredOffEvent");

            // a monitoring script as the original's users wrote them: basic auth, the expvar keys, integers
            String script = """
                    import base64, json, sys, urllib.request
                    request = urllib.request.Request(sys.argv[1])
                    request.add_header("Authorization", "Basic " + base64.b64encode(b"admin:stats-pass").decode())
                    stats = json.load(urllib.request.urlopen(request))["vmware.event.router.stats"]
                    webhook, knative = stats["webhook"], stats["knative"]
                    assert type(webhook["events_total"]) is int and type(webhook["events_err"]) is int
                    assert type(webhook["events_per_sec"]) in (int, float)
                    calls = knative["invocations"]["VmPoweredOffEvent"]
                    print("%s total=%d err=%d off=%d/%d" % (webhook["type"], webhook["events_total"],
                          webhook["events_err"], calls["SuccessCount"], calls["FailureCount"]))
                    """;
            Process python = new ProcessBuilder("python3", "-c", script, stats.toString())
                    .redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(output).isZero();
            assertThat(output).isEqualTo("EventProvider total=3 err=0 off=2/0");
        }
    }
}
