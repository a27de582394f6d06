package io.eventrouter.http;

import io.cloudevents.CloudEvent;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** POSTs one CloudEvent over HTTP in binary or structured mode and classifies the answer (Knative data-plane rules). */
public final class CloudEventSender {

    /** How much of an error response body is kept (Knative keeps 1024 bytes for {@code knativeerrordata}). */
    private static final int MAX_ERROR_BODY = 1024;
    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final EventHttpClient client;
    private final EventEncoding encoding;
    private final String authorization;

    public CloudEventSender(EventHttpClient client, EventEncoding encoding, BasicAuth auth) {
        this.client = client;
        this.encoding = encoding;
        this.authorization = auth == null ? null : basicAuthorization(auth.username(), auth.password().reveal());
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
        Resolution now = address.current();
        if (!now.isResolved()) {
            return DeliveryResult.unavailable(0, now.problem(), null);
        }
        DeliveryResult result = send(now.uri(), event, timeout);
        if (result.status() == DeliveryResult.Status.UNAVAILABLE && result.statusCode() == 0) {
            address.connectionFailed();
        }
        return result;
    }

    public DeliveryResult send(URI target, CloudEvent event, Duration timeout) throws InterruptedException {
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
            writer.writeStructured(event, JSON);
        } else {
            writer.writeBinary(event);
        }
        if (authorization != null) {
            headers.add(HttpHeader.AUTHORIZATION, authorization);
        }
        Request request = client.jetty().newRequest(target).method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> h.add(headers))
                .body(new BytesRequestContent(contentType[0], body[0]));
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
