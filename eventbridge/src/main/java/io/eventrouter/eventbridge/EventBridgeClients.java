package io.eventrouter.eventbridge;

import io.eventrouter.spi.ProcessorContext;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import java.time.Duration;

/** Builds the SDK client the way this processor needs it. */
final class EventBridgeClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private EventBridgeClients() {
    }

    static EventBridgeClient create(EventBridgeConfig config, ProcessorContext context) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT);
        if (!context.tls().rootCAs().isEmpty()) {
            // certificates.rootCAs, e.g. for a TLS-inspecting proxy; otherwise the SDK's own TLS defaults
            http.socketFactory(new SSLConnectionSocketFactory(context.tls().context(false),
                    SSLConnectionSocketFactory.getDefaultHostnameVerifier()));
        }
        EventBridgeClientBuilder builder = EventBridgeClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(http)
                // one attempt per call: the router owns retries, backoff and dead-lettering
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint().uri());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(EventBridgeConfig config) {
        return switch (config.auth()) {
            case AwsAccessKeyAuth keys -> StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKey(),
                    keys.secretKey().reveal()));
            case AwsIamRole role -> DefaultCredentialsProvider.builder().build();
        };
    }
}
