package io.eventrouter.http;

import io.eventrouter.spi.DeliveryResult;
import org.eclipse.jetty.client.HttpRequestException;
import org.eclipse.jetty.client.HttpResponseException;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Sorts an HTTP send that got no answer: unavailable when the destination could not be reached at all (it cannot
 * take any event: wait without using up retries), permanent when this event cannot be sent as it is (the request
 * could not even be built, e.g. binary-mode headers over the client's limit: retrying cannot help), retryable
 * otherwise (the exchange broke after connecting: it may work next time, within the retry budget, so an event that
 * makes the destination drop the connection cannot hold the queue for ever).
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static DeliveryResult classify(Throwable failure) {
        String detail = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (failure instanceof HttpResponseException answered && answered.getResponse() != null) {
            // an answer the client would not pass on (e.g. 401 without a challenge): its status still says it all
            return DeliveryResult.fromHttpStatus(answered.getResponse().getStatus(), detail, null);
        }
        if (cannotBeSent(failure)) {
            return DeliveryResult.rejected(0, "the event cannot be sent: " + detail);
        }
        if (unreachable(failure)) {
            return DeliveryResult.unavailable(0, detail, null);
        }
        return DeliveryResult.retryable(0, detail);
    }

    /** Jetty refuses to generate such a request (headers over its buffer), before anything is written. */
    private static boolean cannotBeSent(Throwable failure) {
        return failure instanceof IllegalArgumentException
                || (failure instanceof HttpRequestException && failure.getCause() instanceof IllegalArgumentException);
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof UnresolvedAddressException
                    || cause instanceof SocketTimeoutException || cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
