package io.eventrouter.http;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.spi.DeliveryResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** POSTs one CloudEvent over HTTP in binary or structured mode and classifies the answer (Knative data-plane rules). */
public final class CloudEventSender {

    /** How much of an error response body is kept (Knative keeps 1024 bytes for {@code knativeerrordata}). */
    private static final int MAX_ERROR_BODY = 1024;
    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final HttpClient client;
    private final EventEncoding encoding;
    private final String authorization;

    public CloudEventSender(HttpClient client, EventEncoding encoding, BasicAuth auth) {
        this.client = client;
        this.encoding = encoding;
        this.authorization = auth == null ? null : basicAuthorization(auth.username(), auth.password().reveal());
    }

    public static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public DeliveryResult send(URI target, CloudEvent event, Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout);
        byte[][] body = new byte[1][];
        var writer = HttpMessageFactory.createWriter(request::header, bytes -> body[0] = bytes);
        if (encoding == EventEncoding.STRUCTURED) {
            writer.writeStructured(event, JSON);
        } else {
            writer.writeBinary(event);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        byte[] payload = body[0] == null ? new byte[0] : body[0];
        request.POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream in = response.body()) {
                if (status >= 200 && status < 300) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    return DeliveryResult.delivered(status);
                }
                String detail = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return DeliveryResult.fromHttpStatus(status, detail, RetryAfter.parse(response.headers()
                        .firstValue("Retry-After").orElse(null)));
            }
        } catch (HttpTimeoutException e) {
            return DeliveryResult.retryable(0, "timeout after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return DeliveryResult.networkError(e);
        }
    }
}
