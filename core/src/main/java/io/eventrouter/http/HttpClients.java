package io.eventrouter.http;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.time.Duration;

/** HTTP clients configured the same way everywhere: HTTP/1.1, a connect timeout, the connector's TLS. */
public final class HttpClients {

    private HttpClients() {
    }

    public static HttpClient create(SSLContext tls, Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
    }
}
