package io.eventrouter.knative;

import io.eventrouter.http.BearerTokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.StreamSupport;

/**
 * A projected service account token the kubelet writes and renews (a pod volume with {@code serviceAccountToken:
 * {audience, path}}): read again once a minute, so a renewed token is used soon after the kubelet writes it, and at
 * once after a 401. The file's token is sent whatever the destination's audience; a mismatch is logged.
 */
final class ProjectedTokenFile implements BearerTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectedTokenFile.class);
    private static final Duration REREAD = Duration.ofMinutes(1);

    private final Path file;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private String token;
    private Instant readAt;
    private String warnedAudience;

    ProjectedTokenFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public String token(String audience) throws IOException {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (token == null || !now.isBefore(readAt.plus(REREAD))) {
                token = read();
                readAt = now;
            }
            warnOnOtherAudience(audience);
            return token;
        } finally {
            lock.unlock();
        }
    }

    private String read() throws IOException {
        String read;
        try {
            read = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the token file " + file + ": " + e, e);
        }
        if (read.isEmpty()) {
            throw new IOException("the token file " + file + " is empty");
        }
        return read;
    }

    @Override
    public void refused(String audience, String refused) {
        lock.lock();
        try {
            if (refused.equals(token)) {
                token = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void warnOnOtherAudience(String audience) {
        JsonNode aud = UnverifiedClaims.of(token).path("aud");
        boolean matches = aud.isMissingNode() || (aud.isArray()
                ? StreamSupport.stream(aud.spliterator(), false).anyMatch(value -> value.asText().equals(audience))
                : aud.asText().equals(audience));
        if (!matches && !audience.equals(warnedAudience)) {
            warnedAudience = audience;
            LOG.warn("the token in {} is not for audience {}, which the destination asks for: set the projected "
                    + "volume's audience to it", file, audience);
        }
    }
}
