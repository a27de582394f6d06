package io.eventrouter.knative;

import io.eventrouter.http.BearerTokens;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * OIDC tokens as Knative's sources get them: the Kubernetes TokenRequest API issues a token of a service account for
 * one audience ({@code POST .../serviceaccounts/<name>/token}); each is kept until 80 % of its lifetime has passed.
 */
final class ServiceAccountTokens implements BearerTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountTokens.class);
    private static final String SERVICE_ACCOUNT_SUBJECT = "system:serviceaccount:";

    private record Cached(String token, Instant renewAt) {
    }

    private final Supplier<KubernetesClient> kubernetes;
    private final String serviceAccount;
    private final Duration expiration;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Cached> byAudience = new HashMap<>();

    /** @param serviceAccount {@code namespace/name}, {@code name} (router's namespace), or null for the router's own */
    ServiceAccountTokens(Supplier<KubernetesClient> kubernetes, String serviceAccount, Duration expiration,
                         Clock clock) {
        this.kubernetes = kubernetes;
        this.serviceAccount = serviceAccount;
        this.expiration = expiration;
        this.clock = clock;
    }

    @Override
    public String token(String audience) throws IOException {
        lock.lock();
        try {
            Cached cached = byAudience.get(audience);
            if (cached != null && clock.instant().isBefore(cached.renewAt())) {
                return cached.token();
            }
            Cached fresh = request(audience);
            byAudience.put(audience, fresh);
            return fresh.token();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void refused(String audience, String token) {
        lock.lock();
        try {
            byAudience.computeIfPresent(audience, (key, cached) -> cached.token().equals(token) ? null : cached);
        } finally {
            lock.unlock();
        }
    }

    private Cached request(String audience) throws IOException {
        KubernetesClient client = kubernetes.get();
        String[] account = account(client);
        Instant asked = clock.instant();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().addToAudiences(audience)
                .withExpirationSeconds(expiration.toSeconds()).endSpec().build();
        TokenRequest answer;
        try {
            answer = client.serviceAccounts().inNamespace(account[0]).withName(account[1]).tokenRequest(request);
        } catch (KubernetesClientException e) {
            String hint = e.getCode() == 401 || e.getCode() == 403
                    ? "; the router needs create on serviceaccounts/token for it" : "";
            throw new IOException("the TokenRequest API refused a token of service account " + account[0] + "/"
                    + account[1] + (e.getCode() > 0 ? ": HTTP " + e.getCode() : ": " + e.getMessage()) + hint, e);
        }
        if (answer == null || answer.getStatus() == null || answer.getStatus().getToken() == null) {
            throw new IOException("the TokenRequest API returned no token for service account " + account[0] + "/"
                    + account[1]);
        }
        Instant expires = expiry(answer, asked);
        LOG.info("OIDC token for audience {} from service account {}/{}, valid until {}", audience, account[0],
                account[1], expires);
        return new Cached(answer.getStatus().getToken(),
                asked.plus(Duration.between(asked, expires).multipliedBy(8).dividedBy(10)));
    }

    /** The API may shorten (or lengthen) the lifetime asked for: its own expiry counts. */
    private Instant expiry(TokenRequest answer, Instant asked) {
        String stamp = answer.getStatus().getExpirationTimestamp();
        try {
            return stamp == null ? asked.plus(expiration) : Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            return asked.plus(expiration);
        }
    }

    /** {namespace, name}: as configured, else the subject of the router's own service account token. */
    private String[] account(KubernetesClient client) throws IOException {
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        if (serviceAccount != null) {
            int slash = serviceAccount.indexOf('/');
            return slash < 0 ? new String[]{namespace, serviceAccount}
                    : new String[]{serviceAccount.substring(0, slash), serviceAccount.substring(slash + 1)};
        }
        var config = client.getConfiguration();
        for (String token : new String[]{config.getAutoOAuthToken(), config.getOauthToken()}) {
            String subject = UnverifiedClaims.of(token).path("sub").asText("");
            if (subject.startsWith(SERVICE_ACCOUNT_SUBJECT)) {
                String[] parts = subject.substring(SERVICE_ACCOUNT_SUBJECT.length()).split(":", 2);
                if (parts.length == 2) {
                    return parts;
                }
            }
        }
        throw new IOException("cannot tell the router's own service account (it does not run with one in a "
                + "cluster); set oidc.serviceAccount or oidc.tokenFile");
    }
}
