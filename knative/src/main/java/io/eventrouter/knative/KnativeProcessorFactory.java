package io.eventrouter.knative;

import io.eventrouter.config.BackoffPolicy;
import io.eventrouter.config.DeliveryDefaults;
import io.eventrouter.config.DeliveryPolicy;
import io.eventrouter.config.RetryRules;
import io.eventrouter.http.BearerTokens;
import io.eventrouter.http.CloudEventsDestination;
import io.eventrouter.http.DestinationAddresses;
import io.eventrouter.http.RetriedStatuses;
import io.eventrouter.spi.DeliveryResult;
import io.eventrouter.spi.EventProcessor;
import io.eventrouter.spi.EventProcessorFactory;
import io.eventrouter.spi.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.UnaryOperator;

public final class KnativeProcessorFactory implements EventProcessorFactory<KnativeConfig>, DeliveryDefaults {

    private static final Logger LOG = LoggerFactory.getLogger(KnativeProcessorFactory.class);

    /**
     * The original's retry rules (the CloudEvents Go SDK's HTTP protocol): only these statuses were retried; any
     * other, 500 included, was sent once.
     */
    private static final RetriedStatuses ORIGINAL_RULES = new RetriedStatuses(status -> switch (status) {
        case 404, 413, 425, 429, 502, 503, 504 -> true;
        default -> false;
    });

    /** The original's retries: 3, exponential from 100 ms (waits of 200, 400, 800 ms). */
    private static final DeliveryPolicy DEFAULTS = DeliveryPolicy.builder().retry(3)
            .backoffPolicy(BackoffPolicy.EXPONENTIAL).backoffDelay(Duration.ofMillis(100)).build();

    @Override
    public String type() {
        return "knative";
    }

    @Override
    public Class<KnativeConfig> configType() {
        return KnativeConfig.class;
    }

    @Override
    public String description() {
        return "CloudEvents over HTTP to a Knative destination or any CloudEvents endpoint.";
    }

    @Override
    public DeliveryPolicy defaultDelivery() {
        return DEFAULTS;
    }

    @Override
    public DeliveryPolicy defaultDeliveryInOriginalFormats() {
        return DEFAULTS.toBuilder().retryRules(RetryRules.ORIGINAL).build();
    }

    @Override
    public EventProcessor create(KnativeConfig config, ProcessorContext context) {
        if (config.insecureSSL()) {
            LOG.warn("knative processor {}: insecureSSL is set, TLS certificates are not verified", context.name());
        }
        // the address first: a ref that cannot be followed fails here, before a client is started for nothing
        var target = DestinationAddresses.of(config.destination(), context.addresses());
        KubernetesAddressResolver ownKubernetes = null;
        BearerTokens tokens = null;
        OidcConfig oidc = config.oidcOrDefault();
        if (oidc.enabled() && oidc.tokenFile() != null) {
            tokens = new ProjectedTokenFile(oidc.tokenFile(), context.clock());
        } else if (oidc.enabled()) {
            // the client that resolves refs, when there is one; it is made only when a token is first needed
            KubernetesAddressResolver kubernetes = context.addresses() instanceof KubernetesAddressResolver shared
                    ? shared : (ownKubernetes = new KubernetesAddressResolver());
            tokens = new ServiceAccountTokens(kubernetes::kubernetes, oidc.serviceAccount(), oidc.expiration(),
                    context.clock());
        }
        UnaryOperator<DeliveryResult> rules = context.originalRetryRules() ? ORIGINAL_RULES::apply
                : UnaryOperator.identity();
        return new KnativeProcessor(new CloudEventsDestination(target, context.tls(), config.insecureSSL(),
                config.encoding(), config.auth(), tokens), rules,
                ownKubernetes, config.batch());
    }
}
