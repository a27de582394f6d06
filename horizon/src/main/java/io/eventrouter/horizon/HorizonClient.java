package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Horizon Server REST API calls the provider needs, and its token flow: {@code POST /rest/login} gives an access
 * token (about 30 min) and a refresh token (about 8 h); a 401 on an API call is answered by {@code POST /rest/refresh},
 * and a 400 from that (refresh token expired) by a full login; {@code POST /rest/logout} ends the session. Tokens and
 * the password never appear in messages. Used from one thread at a time.
 */
final class HorizonClient {

    private static final Logger LOG = LoggerFactory.getLogger(HorizonClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_BODY = 200;

    /** One answer of a GET: the JSON body and the {@code HAS_MORE_RECORDS} header (null when not sent). */
    record Page(JsonNode body, Boolean hasMoreRecords) {
    }

    private final HttpClient http;
    private final String base;
    private final ActiveDirectoryAuth credentials;
    private String accessToken;
    private String refreshToken;

    HorizonClient(HttpClient http, String base, ActiveDirectoryAuth credentials) {
        this.http = http;
        this.base = base;
        this.credentials = credentials;
    }

    /** GETs {@code pathAndQuery}, logging in or refreshing the access token when needed. */
    Page get(String pathAndQuery) throws IOException, InterruptedException {
        if (accessToken == null) {
            login();
        }
        HttpResponse<String> response = send(authorized(pathAndQuery).GET());
        if (response.statusCode() == 401) {
            LOG.debug("Horizon access token rejected; renewing it");
            renew();
            response = send(authorized(pathAndQuery).GET());
        }
        int status = response.statusCode();
        if (status == 401) {
            throw HorizonException.sessionRejected("Horizon rejected the session for " + path(pathAndQuery)
                    + " even with a renewed token");
        }
        if (status == 409) {
            throw new HorizonException(status, "Horizon answered 409 Conflict for " + path(pathAndQuery)
                    + ": the event database is probably not configured");
        }
        if (status != 200) {
            throw new HorizonException(status, "Horizon answered " + status + " for " + path(pathAndQuery) + ": "
                    + abbreviate(response.body()));
        }
        Boolean more = response.headers().firstValue("HAS_MORE_RECORDS").map(v -> v.equalsIgnoreCase("true"))
                .orElse(null);
        return new Page(JSON.readTree(response.body()), more);
    }

    /** Refreshes the access token, or logs in again when the refresh token has expired (400). */
    private void renew() throws IOException, InterruptedException {
        if (refreshToken != null) {
            ObjectNode body = JSON.createObjectNode().put("refresh_token", refreshToken);
            HttpResponse<String> response = send(post("/rest/refresh", body));
            if (response.statusCode() == 200) {
                accessToken = token(response, "access_token", "/rest/refresh");
                return;
            }
            if (response.statusCode() != 400 && response.statusCode() != 401) {
                throw new HorizonException(response.statusCode(), "Horizon token refresh answered "
                        + response.statusCode());
            }
            LOG.debug("Horizon refresh token expired; logging in again");
        }
        login();
    }

    void login() throws IOException, InterruptedException {
        accessToken = null;
        refreshToken = null;
        ObjectNode body = JSON.createObjectNode().put("domain", credentials.domain())
                .put("username", credentials.username()).put("password", credentials.password().reveal());
        HttpResponse<String> response = send(post("/rest/login", body));
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 400 || response.statusCode() == 401 || response.statusCode() == 403
                    ? " (check domain, username and password)" : "";
            throw new HorizonException(response.statusCode(), "Horizon login as " + credentials.domain() + "\\"
                    + credentials.username() + " answered " + response.statusCode() + hint);
        }
        String access = token(response, "access_token", "/rest/login");
        refreshToken = token(response, "refresh_token", "/rest/login");
        accessToken = access;
        LOG.debug("logged in to Horizon at {}", base);
    }

    /** Ends the session; problems are only logged, the session expires on its own anyway. */
    void logout() {
        if (refreshToken == null) {
            return;
        }
        try {
            ObjectNode body = JSON.createObjectNode().put("refresh_token", refreshToken);
            HttpResponse<String> response = send(post("/rest/logout", body));
            if (response.statusCode() != 200) {
                LOG.debug("Horizon logout answered {}", response.statusCode());
            }
        } catch (IOException e) {
            LOG.debug("Horizon logout failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            accessToken = null;
            refreshToken = null;
        }
    }

    private HttpRequest.Builder authorized(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").header("Authorization", "Bearer " + accessToken);
    }

    private HttpRequest.Builder post(String path, JsonNode body) throws IOException {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(HttpResponse<String> response, String field, String path) throws IOException {
        JsonNode value = JSON.readTree(response.body()).path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new HorizonException(0, "Horizon " + path + " answered without " + field);
        }
        return value.asText();
    }

    private static String path(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_ERROR_BODY ? flat : flat.substring(0, MAX_ERROR_BODY) + "…";
    }
}
