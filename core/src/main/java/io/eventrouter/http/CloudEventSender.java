package io.eventrouter.http;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.CloudEventUtils;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.config.BasicAuth;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.DestinationAddress;
import io.eventrouter.spi.DestinationAddress.Resolution;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** POSTs one CloudEvent over HTTP in binary or structured mode and classifies the answer (Knative data-plane rules). */
public final class CloudEventSender {

    /** How much of an error response body is kept (Knative keeps 1024 bytes for {@code knativeerrordata}). */
    private static final int MAX_ERROR_BODY = 1024;
    /** Only structured and batched deliveries use it: resolved on first use, off a binary-only router's start-up. */
    private static final class Json {
        static final EventFormat FORMAT = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
    }
    /** CloudEvents HTTP binding, batched content mode with the JSON event format. */
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json; charset=UTF-8";

    private final EventHttpClient client;
    private final EventEncoding encoding;
    private final String authorization;
    private final BearerTokens tokens;

    public CloudEventSender(EventHttpClient client, EventEncoding encoding, BasicAuth auth) {
        this(client, encoding, auth, null);
    }

    /**
     * @param auth   basic auth for every request, or {@code null}
     * @param tokens OIDC tokens for destinations that name an audience (in place of basic auth), or {@code null}
     */
    public CloudEventSender(EventHttpClient client, EventEncoding encoding, BasicAuth auth, BearerTokens tokens) {
        this.client = client;
        this.encoding = encoding;
        this.authorization = auth == null ? null : basicAuthorization(auth.username(), auth.password().reveal());
        this.tokens = tokens;
    }

    public static String basicAuthorization(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends to where {@code address} points now. With no address yet the destination is unavailable, so the router
     * holds the event instead of using up its retries; a connection failure asks the address to look again, since
     * the object behind it may have moved.
     */
    public DeliveryResult send(DestinationAddress address, CloudEvent event, Duration timeout)
            throws InterruptedException {
        return send(address, address.current(), event, timeout);
    }

    /** As {@link #send(DestinationAddress, CloudEvent, Duration)}, to {@code now}, read from {@code address}. */
    public DeliveryResult send(DestinationAddress address, Resolution now, CloudEvent event, Duration timeout)
            throws InterruptedException {
        return send(address, now, encode(event), timeout);
    }

    /**
     * Sends {@code events} in one request in CloudEvents batched mode ({@code application/cloudevents-batch+json}:
     * a JSON array of structured events, in order), to {@code now}, read from {@code address}. The answer is the
     * batch's: every event in it was delivered, or none was.
     */
    public DeliveryResult sendBatch(DestinationAddress address, Resolution now, List<CloudEvent> events,
                                    Duration timeout) throws InterruptedException {
        return send(address, now, encodeBatch(events), timeout);
    }

    private DeliveryResult send(DestinationAddress address, Resolution now, Payload payload, Duration timeout)
            throws InterruptedException {
        if (!now.isResolved()) {
            return DeliveryResult.unavailable(0, now.problem(), null);
        }
        DeliveryResult result = now.audience() == null || tokens == null
                ? send(now.uri(), payload, timeout, authorization)
                : sendWithToken(now.uri(), now.audience(), payload, timeout);
        if (result.status() == DeliveryResult.Status.UNAVAILABLE && result.statusCode() == 0) {
            address.connectionFailed();
        }
        return result;
    }

    /**
     * With an OIDC token for {@code audience}. A 401 may mean the token expired early or the key that signed it was
     * rotated, so it is answered with one fresh token; a second 401 stands. Without a token the destination cannot
     * be reached, so the event is held (unavailable) rather than dead-lettered.
     */
    private DeliveryResult sendWithToken(URI target, String audience, Payload payload, Duration timeout)
            throws InterruptedException {
        String token = null;
        try {
            token = tokens.token(audience);
            DeliveryResult result = send(target, payload, timeout, "Bearer " + token);
            if (result.statusCode() != 401) {
                return result;
            }
            tokens.refused(audience, token);
            token = tokens.token(audience);
            return send(target, payload, timeout, "Bearer " + token);
        } catch (IOException e) {
            return DeliveryResult.unavailable(0, "no OIDC token for audience " + audience + ": " + e.getMessage(),
                    null);
        }
    }

    public DeliveryResult send(URI target, CloudEvent event, Duration timeout) throws InterruptedException {
        return send(target, encode(event), timeout, authorization);
    }

    /** One request's worth: the {@code ce-*} headers (binary mode), the content type and the body. */
    private record Payload(HttpFields headers, String contentType, byte[] body) {
    }

    private Payload encode(CloudEvent event) {
        HttpFields.Mutable headers = HttpFields.build();
        String[] contentType = {"application/octet-stream"};
        byte[][] body = {new byte[0]};
        var writer = HttpMessageFactory.createWriter((name, value) -> {
            if (name.equalsIgnoreCase("content-type")) {
                contentType[0] = value;
            } else {
                headers.add(name, value);
            }
        }, bytes -> body[0] = bytes == null ? new byte[0] : bytes);
        if (encoding == EventEncoding.STRUCTURED) {
            writer.writeStructured(event, Json.FORMAT);
        } else {
            CloudEventUtils.toReader(event).read(version -> new TimeFormattingWriter<>(writer.create(version)));
        }
        return new Payload(headers, contentType[0], body[0]);
    }

    /** The JSON array of the events' structured JSON, each serialised by the SDK's JSON event format. */
    private static Payload encodeBatch(List<CloudEvent> events) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(events.size() * 1024);
        body.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(Json.FORMAT.serialize(events.get(i)));
        }
        body.write(']');
        return new Payload(HttpFields.EMPTY, BATCH_CONTENT_TYPE, body.toByteArray());
    }

    /** The Host header for {@code target}: its host and, when given, its port (RFC 9110 7.2); null: Jetty's. */
    static String hostHeader(URI target) {
        if (target.getHost() == null) {
            return null;
        }
        return target.getPort() == -1 ? target.getHost() : target.getHost() + ":" + target.getPort();
    }

    private DeliveryResult send(URI target, Payload payload, Duration timeout, String authorization)
            throws InterruptedException {
        Request request = client.jetty().newRequest(target).method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    // given, so that Jetty does not build (and parse) a java.net.URI per request to derive it
                    String host = hostHeader(target);
                    if (host != null) {
                        h.add(HttpHeader.HOST, host);
                    }
                    h.add(payload.headers());
                    if (authorization != null) {
                        h.add(HttpHeader.AUTHORIZATION, authorization);
                    }
                })
                .body(new BytesRequestContent(payload.contentType(), payload.body()));
        try {
            ContentResponse response = request.send();
            int status = response.getStatus();
            if (status >= 200 && status < 300) {
                return DeliveryResult.delivered(status);
            }
            byte[] content = response.getContent();
            String detail = new String(Arrays.copyOf(content, Math.min(content.length, MAX_ERROR_BODY)),
                    StandardCharsets.UTF_8);
            return DeliveryResult.fromHttpStatus(status, detail, RetryAfter.parse(response.getHeaders()
                    .get(HttpHeader.RETRY_AFTER)));
        } catch (TimeoutException e) {
            return DeliveryResult.retryable(0, "timeout after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                return DeliveryResult.retryable(0, "timeout after " + timeout.toMillis() + " ms");
            }
            return HttpFailures.classify(cause);
        }
    }
}
