package io.eventrouter.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * fabric8's CRUD dispatcher that answers 403 Forbidden, as an API server whose RBAC lacks a permission does, to the
 * requests a test chooses, and counts requests by method and path.
 */
final class RefusingDispatcher extends KubernetesCrudDispatcher {

    private volatile Predicate<RecordedRequest> refused = request -> false;
    /** "GET /apis/.../leases/router-vc-01" (without the query) → how many. */
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    /** Requests so far whose method and path (as in {@link #requests}) match. */
    int count(Predicate<String> methodAndPath) {
        return requests.entrySet().stream().filter(e -> methodAndPath.test(e.getKey()))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    void refuse(Predicate<RecordedRequest> requests) {
        refused = requests;
    }

    /** Writes (create, update, patch, delete) of Leases by the client whose User-Agent is {@code agent}. */
    static Predicate<RecordedRequest> leaseWritesFrom(String agent) {
        return request -> !request.getMethod().equals("GET") && request.getPath().contains("/leases")
                && agent.equals(request.getHeader("User-Agent"));
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        requests.computeIfAbsent(request.getMethod() + " " + (query < 0 ? path : path.substring(0, query)),
                key -> new AtomicInteger()).incrementAndGet();
        if (refused.test(request)) {
            return new MockResponse().setResponseCode(403).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                            + "\"code\":403,\"message\":\"leases.coordination.k8s.io is forbidden: User "
                            + "\\\"system:serviceaccount:vmware:event-router\\\" cannot " + verb(request)
                            + " resource \\\"leases\\\" in API group \\\"coordination.k8s.io\\\" in the namespace "
                            + "\\\"vmware\\\"\"}");
        }
        return super.dispatch(request);
    }

    private static String verb(RecordedRequest request) {
        return switch (request.getMethod()) {
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            default -> request.getMethod().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
