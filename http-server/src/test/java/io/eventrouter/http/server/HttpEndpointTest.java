package io.eventrouter.http.server;

import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP server glue on its own: routing, answers for unknown paths and failing routes, basic authentication. */
class HttpEndpointTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        BasicAuthCheck auth = new BasicAuthCheck(new BasicAuth("admin", new Secret("pa:ss")));
        endpoint = HttpEndpoint.create("test", new InetSocketAddress("127.0.0.1", 0))
                .route("/hello", call -> call.replyText(200, "hello " + call.method()))
                .route("/fails", call -> {
                    throw new IllegalStateException("broken route");
                })
                .route("/silent", call -> {
                })
                .route("/private", call -> {
                    if (!auth.allows(call)) {
                        BasicAuthCheck.challenge(call);
                        return;
                    }
                    call.replyText(200, "welcome");
                });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.close();
        client.close();
    }

    @Test
    void aRouteAnswersAndAnUnknownPathIsNotFound() throws Exception {
        HttpResponse<String> hello = get("/hello", null);
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello GET\n");

        HttpResponse<String> unknown = get("/nowhere", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("not found\n");
    }

    @Test
    void aRouteThatThrowsOrDoesNotAnswerGets500AndTheServerKeepsServing() throws Exception {
        HttpResponse<String> fails = get("/fails", null);
        assertThat(fails.statusCode()).isEqualTo(500);
        assertThat(fails.body()).doesNotContain("broken route");

        assertThat(get("/silent", null).statusCode()).isEqualTo(500);
        assertThat(get("/hello", null).statusCode()).isEqualTo(200);
    }

    @Test
    void basicAuthenticationLetsInOnlyTheConfiguredUserAndPassword() throws Exception {
        assertThat(get("/private", basic("admin:pa:ss")).statusCode()).as("a colon in the password").isEqualTo(200);

        for (String refused : new String[]{basic("admin:wrong"), basic("other:pa:ss"), basic("adminpa:ss"),
                basic(""), "Basic not-base64!", "Bearer " + Base64.getEncoder().encodeToString(
                        "admin:pa:ss".getBytes(StandardCharsets.UTF_8))}) {
            HttpResponse<String> response = get("/private", refused);
            assertThat(response.statusCode()).as(refused).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains(
                    "Basic realm=\"restricted\", charset=\"UTF-8\"");
        }
        assertThat(get("/private", null).statusCode()).as("no credentials").isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        InetSocketAddress address = endpoint.address();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + address.getPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
