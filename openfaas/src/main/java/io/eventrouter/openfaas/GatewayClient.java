package io.eventrouter.openfaas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the function list from the gateway API: {@code GET /system/namespaces}, then
 * {@code GET /system/functions?namespace=<ns>} for each; a gateway without namespaces is asked once without the
 * parameter and its functions are invoked by bare name.
 */
final class GatewayClient {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kubernetes object names (and faasd's): anything else cannot be a function and would not make a URL path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int MAX_ERROR_BODY = 200;

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    GatewayClient(HttpClient client, URI address, String authorization, Duration timeout) {
        this.client = client;
        this.base = Gateway.base(address);
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** The functions with their annotations; throws when any call fails, so that a partial list is never used. */
    Subscriptions read() throws IOException, InterruptedException {
        List<Subscriptions.Function> functions = new ArrayList<>();
        List<String> namespaces = namespaces();
        if (namespaces.isEmpty()) {
            functions.addAll(functions("/system/functions", null));
        }
        for (String namespace : namespaces) {
            String query = "?namespace=" + URLEncoder.encode(namespace, StandardCharsets.UTF_8);
            functions.addAll(functions("/system/functions" + query, namespace));
        }
        return Subscriptions.of(functions);
    }

    private List<String> namespaces() throws IOException, InterruptedException {
        JsonNode list = get("/system/namespaces");
        List<String> namespaces = new ArrayList<>();
        for (JsonNode item : list) {
            if (item.isTextual() && NAME.matcher(item.asText()).matches()) {
                namespaces.add(item.asText());
            } else {
                LOG.debug("ignoring namespace {} from the OpenFaaS gateway: not a valid name", abbreviate(item.toString()));
            }
        }
        return namespaces;
    }

    private List<Subscriptions.Function> functions(String path, String namespace)
            throws IOException, InterruptedException {
        List<Subscriptions.Function> functions = new ArrayList<>();
        for (JsonNode item : get(path)) {
            String name = item.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                LOG.debug("ignoring function {} from the OpenFaaS gateway: not a valid name", abbreviate(name));
                continue;
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            item.path("annotations").properties().forEach(entry -> {
                if (entry.getValue().isTextual()) {
                    annotations.put(entry.getKey(), entry.getValue().asText());
                }
            });
            functions.add(new Subscriptions.Function(namespace == null ? name : name + "." + namespace, annotations));
        }
        return functions;
    }

    /** GETs a JSON array (a JSON {@code null}, which some gateways answer for "none", counts as empty). */
    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        JsonNode body = JSON.readTree(response.body());
        if (body == null || body.isNull()) {
            return JSON.createArrayNode();
        }
        if (!body.isArray()) {
            throw new IOException("GET " + path + " did not answer a JSON array");
        }
        return body;
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_ERROR_BODY ? flat : flat.substring(0, MAX_ERROR_BODY) + "…";
    }
}
