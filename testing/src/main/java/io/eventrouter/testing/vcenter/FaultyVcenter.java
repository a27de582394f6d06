package io.eventrouter.testing.vcenter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.LoopbackServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vCenter that misbehaves on command: a real HTTP(S) server in front of a real vCenter simulator that passes every
 * SOAP call through and, when a test says so, does to the caller what real vCenters do to event readers: reads that
 * stall while newer events exist (a service account without permission on part of the inventory), sessions that
 * expire at any call, a cap on collectors per session, slow and hung calls, a clock that steps back. Clients reach it
 * through its {@link #sdkUrl()} exactly as they would reach vCenter.
 *
 * <pre>{@code
 * try (FaultyVcenter vc = FaultyVcenter.start(vcsim.sdkUrl(), null)) {
 *     vc.stallCurrentCollectors();   // ReadNextEvents answers empty pages; latestPage keeps moving
 *     vc.expireSessionsAt("ReadNextEvents");
 * }
 * }</pre>
 */
public final class FaultyVcenter implements AutoCloseable {

    private static final Pattern METHOD = Pattern.compile("<(?:\\w+:)?Body[^>]*>\\s*<(?:\\w+:)?(\\w+)[\\s>/]");
    private static final Pattern THIS = Pattern.compile("<(?:\\w+:)?_this[^>]*>([^<]*)</");
    private static final Pattern RETURNVAL = Pattern.compile("<returnval[^>]*>([^<]*)</returnval>");
    private static final Pattern SESSION = Pattern.compile("vmware_soap_session=\"?([^;\"\\s]+)\"?");
    private static final Pattern BEGIN_TIME = Pattern.compile("<(?:\\w+:)?beginTime>([^<]*)</");
    private static final Pattern CREATED_TIME = Pattern.compile("<createdTime>([^<]*)</createdTime>");
    private static final Pattern EVENT = Pattern.compile("<returnval\\b[^>]*>.*?</returnval>", Pattern.DOTALL);
    private static final String ENVELOPE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>%s</soapenv:Body>"
            + "</soapenv:Envelope>";
    private static final Duration LONGEST_HANG = Duration.ofMinutes(10);

    /** One call that went through: the method, the session it came in, and both bodies. */
    public record Exchange(String method, String session, String request, int status, String response) {
    }

    private volatile HttpServer server;
    private final HttpClient upstreamClient;
    private volatile URI upstream;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    /** Sessions seen logging in, and the event collectors each holds. */
    private final Map<String, Set<String>> collectorsBySession = new ConcurrentHashMap<>();
    private final Set<String> stalledCollectors = ConcurrentHashMap.newKeySet();
    private volatile boolean stallEveryCollector;
    private final Set<String> expireAt = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> hangRelease = new CompletableFuture<>();
    private final Set<String> hanging = ConcurrentHashMap.newKeySet();
    private final AtomicInteger hungCalls = new AtomicInteger();
    private volatile int collectorLimit = Integer.MAX_VALUE;
    private final AtomicInteger collectorsRefused = new AtomicInteger();
    /** How far vCenter's clock went back, and since when (on the simulator's clock); null before a step. */
    private volatile Duration clockStep;
    private volatile Instant steppedAt;
    /** The begin time each event collector was asked for (on vCenter's clock, as the caller sees it). */
    private final Map<String, Instant> collectorBegins = new ConcurrentHashMap<>();

    private FaultyVcenter(URI upstream, SSLContext tls) throws IOException {
        this.upstream = upstream;
        this.upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(ClientTls.systemDefault().context(true)).connectTimeout(Duration.ofSeconds(5)).build();
        this.server = LoopbackServer.start(tls, this::handle);
    }

    /**
     * Starts on a free 127.0.0.1 port, plain HTTP or HTTPS with {@code tls}, in front of the vCenter SDK endpoint
     * {@code upstreamSdk} (e.g. a vcsim's {@code https://127.0.0.1:41234/sdk}; its certificate is not checked).
     */
    public static FaultyVcenter start(URI upstreamSdk, SSLContext tls) throws IOException {
        return new FaultyVcenter(upstreamSdk, tls);
    }

    /** Where clients connect: {@code http(s)://127.0.0.1:<port>/sdk}. */
    public URI sdkUrl() {
        return LoopbackServer.address(server).resolve("/sdk");
    }

    /**
     * Restart with a new certificate: stops listening (dropping every connection), then serves HTTPS with {@code tls}
     * on the same port, as a vCenter whose certificate was replaced comes back. The simulator behind keeps its
     * sessions and history.
     */
    public void restart(SSLContext tls) throws IOException {
        int port = server.getAddress().getPort();
        server.stop(0);
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                server = LoopbackServer.start(port, tls, this::handle);
                return;
            } catch (java.net.BindException e) {
                last = e; // the old socket may linger a moment
                try {
                    Thread.sleep(100); // waiting for the operating system to free the port: no event to await
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    /** Sends the calls to another vCenter from now on, e.g. a simulator restarted on another port. */
    public void upstream(URI upstreamSdk) {
        this.upstream = upstreamSdk;
        collectorsBySession.clear();
    }

    // ---- faults ----

    /**
     * Hidden-inventory stall: every event collector that exists now answers {@code ReadNextEvents} with empty pages
     * from now on, while its {@code latestPage} keeps showing newer events. A collector created later reads normally.
     */
    public void stallCurrentCollectors() {
        collectorsBySession.values().forEach(stalledCollectors::addAll);
    }

    /** The same for every collector, including those created later: recreating the collector does not help. */
    public void stallEveryCollector() {
        stallEveryCollector = true;
    }

    /** Ends every session the way vCenter's idle timeout does: the next call in it answers NotAuthenticated. */
    public void expireSessions() {
        for (String session : List.copyOf(collectorsBySession.keySet())) {
            expire(session);
        }
    }

    /** The next call of {@code method} (any session) finds its session expired (NotAuthenticated). */
    public void expireSessionAt(String method) {
        expireAt.add(method);
    }

    /** Calls of {@code method} are answered {@code delay} late (the call is passed on after the delay). */
    public void delay(String method, Duration delay) {
        delays.put(method, delay);
    }

    /** Calls of {@code method} get no answer until {@link #healAll()} (or ten minutes). */
    public void hang(String method) {
        hanging.add(method);
    }

    /** {@code CreateCollectorForEvents} fails (InvalidState, as vCenter's cap does) once a session holds {@code max}. */
    public void collectorLimit(int max) {
        this.collectorLimit = max;
    }

    /**
     * Clock step back: from now on vCenter's clock runs {@code step} behind. CurrentTime answers the stepped time,
     * events created from now on carry createdTimes {@code step} earlier than the simulator wrote, and a collector
     * created with a begin time no longer returns events stamped (on the stepped clock) before it, as a real vCenter
     * whose history holds the stepped times would not. Like a real step it stays: {@link #healAll()} does not undo
     * it. One step per proxy. (latestPage is passed on unfiltered: it still shows the newest events.)
     */
    public void stepClockBack(Duration step) {
        if (clockStep != null) {
            throw new IllegalStateException("the clock stepped back already");
        }
        steppedAt = Instant.now();
        clockStep = step;
    }

    /** Ends every fault: stalls, delays, hung calls (which are then passed on), the collector cap, pending expiries. */
    public void healAll() {
        stalledCollectors.clear();
        stallEveryCollector = false;
        expireAt.clear();
        delays.clear();
        hanging.clear();
        collectorLimit = Integer.MAX_VALUE;
        CompletableFuture<Void> release = hangRelease;
        hangRelease = new CompletableFuture<>();
        release.complete(null);
    }

    // ---- observations ----

    /** How many calls of {@code method} arrived. */
    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /** Keeps the bodies of {@code method}'s calls from now on, for {@link #exchanges(String)}. */
    public void record(String method) {
        recorded.add(method);
    }

    public List<Exchange> exchanges(String method) {
        return exchanges.stream().filter(exchange -> exchange.method().equals(method)).toList();
    }

    /** Collectors each session holds now (created through this proxy and not destroyed). */
    public Map<String, Set<String>> collectorsBySession() {
        Map<String, Set<String>> copy = new ConcurrentHashMap<>();
        collectorsBySession.forEach((session, collectors) -> copy.put(session, Set.copyOf(collectors)));
        return copy;
    }

    public int collectorsRefused() {
        return collectorsRefused.get();
    }

    /** Calls that were held by {@link #hang(String)}. */
    public int hungCalls() {
        return hungCalls.get();
    }

    // ---- the proxy ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBytes = exchange.getRequestBody().readAllBytes();
            String request = new String(requestBytes, StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod().equals("POST") ? find(METHOD, request).orElse("?") : "GET";
            String session = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Cookie"))
                    .flatMap(cookie -> find(SESSION, cookie)).orElse(null);
            calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            Response response = answer(exchange, method, session, request, requestBytes);
            if (recorded.contains(method)) {
                exchanges.add(new Exchange(method, session, request, response.status, response.body));
            }
            byte[] body = response.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType);
            response.setCookies.forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
            exchange.sendResponseHeaders(response.status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Response(int status, String contentType, List<String> setCookies, String body) {
        static Response soap(int status, String bodyXml) {
            return new Response(status, "text/xml; charset=utf-8", List.of(), ENVELOPE.formatted(bodyXml));
        }
    }

    private Response answer(HttpExchange exchange, String method, String session, String request,
                            byte[] requestBytes) throws IOException, InterruptedException {
        await(method);
        if (session != null && expireAt.remove(method)) {
            expire(session);
        }
        String target = find(THIS, request).orElse("");
        if (method.equals("ReadNextEvents") && (stallEveryCollector || stalledCollectors.contains(target))) {
            return Response.soap(200, "<ReadNextEventsResponse xmlns=\"urn:vim25\"></ReadNextEventsResponse>");
        }
        if (method.equals("CreateCollectorForEvents") && session != null
                && collectorsBySession.getOrDefault(session, Set.of()).size() >= collectorLimit) {
            collectorsRefused.incrementAndGet();
            return fault("InvalidState", "The session holds the maximum number of event history collectors");
        }
        Response response = forward(exchange, requestBytes);
        track(method, session, target, request, response);
        return clockStep == null ? response : stepped(method, target, response);
    }

    /** The answer as a vCenter whose clock went back would give it: earlier times, and no events before a begin time. */
    private Response stepped(String method, String collector, Response response) {
        String body = response.body;
        if (method.equals("CurrentTime")) {
            body = RETURNVAL.matcher(body).replaceFirst(match -> "<returnval>"
                    + time(match.group(1)).minus(clockStep) + "</returnval>");
        }
        body = CREATED_TIME.matcher(body).replaceAll(match -> "<createdTime>"
                + onSteppedClock(time(match.group(1))) + "</createdTime>");
        Instant begin = collectorBegins.get(collector);
        if (method.equals("ReadNextEvents") && begin != null) {
            body = EVENT.matcher(body).replaceAll(match -> find(CREATED_TIME, match.group())
                    .map(created -> time(created).isBefore(begin) ? "" : Matcher.quoteReplacement(match.group()))
                    .orElse(Matcher.quoteReplacement(match.group())));
        }
        return new Response(response.status, response.contentType, response.setCookies, body);
    }

    /** An event's time on the stepped clock: events the simulator wrote after the step are that much earlier. */
    private Instant onSteppedClock(Instant simulatorTime) {
        return simulatorTime.isBefore(steppedAt) ? simulatorTime : simulatorTime.minus(clockStep);
    }

    private static Instant time(String xsdDateTime) {
        return OffsetDateTime.parse(xsdDateTime.strip()).toInstant();
    }

    private void await(String method) throws InterruptedException {
        Duration delay = delays.get(method);
        if (delay != null) {
            Thread.sleep(delay); // the fault itself: an answer that comes this late
        }
        if (hanging.contains(method)) {
            hungCalls.incrementAndGet();
            try {
                hangRelease.get(LONGEST_HANG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException ignored) {
                // released by time: passed on like any call
            }
        }
    }

    private void track(String method, String session, String target, String request, Response response) {
        if (response.status != 200) {
            return;
        }
        if (method.equals("CreateCollectorForEvents")) {
            find(RETURNVAL, response.body).ifPresent(collector -> find(BEGIN_TIME, request)
                    .ifPresent(begin -> collectorBegins.put(collector, time(begin))));
        }
        if (method.equals("Login")) {
            response.setCookies.stream().map(cookie -> find(SESSION, cookie)).flatMap(Optional::stream)
                    .forEach(id -> collectorsBySession.putIfAbsent(id, ConcurrentHashMap.newKeySet()));
        } else if (method.equals("CreateCollectorForEvents") && session != null) {
            find(RETURNVAL, response.body).ifPresent(collector -> collectorsBySession
                    .computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(collector));
        } else if (method.equals("DestroyCollector") && session != null) {
            Set<String> collectors = collectorsBySession.get(session);
            if (collectors != null) {
                collectors.remove(target);
            }
        } else if (method.equals("Logout") && session != null) {
            collectorsBySession.remove(session);
        }
    }

    /** Logs the session out at the simulator: the session's next call answers NotAuthenticated, as after a timeout. */
    private void expire(String session) {
        try {
            HttpRequest logout = HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .header("Cookie", "vmware_soap_session=" + session)
                    .POST(HttpRequest.BodyPublishers.ofString(ENVELOPE.formatted("<Logout xmlns=\"urn:vim25\">"
                            + "<_this type=\"SessionManager\">SessionManager</_this></Logout>")))
                    .build();
            upstreamClient.send(logout, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("cannot end session at " + upstream, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        collectorsBySession.remove(session);
    }

    private Response forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI target = upstream.resolve(exchange.getRequestURI().getRawPath());
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(LONGEST_HANG);
        for (String header : List.of("Content-Type", "SOAPAction", "Cookie", "User-Agent")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response;
        try {
            response = upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // vCenter down: the caller sees a broken gateway, as behind a load balancer
            return new Response(502, "text/plain", List.of(), "upstream: " + e);
        }
        return new Response(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse("text/xml; charset=utf-8"),
                new ArrayList<>(response.headers().allValues("Set-Cookie")), response.body());
    }

    private static Response fault(String type, String message) {
        return Response.soap(500, "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>" + message
                + "</faultstring><detail><" + type + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + type + "\"></" + type
                + "Fault></detail></soapenv:Fault>");
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }

    @Override
    public void close() {
        healAll();
        server.stop(0);
        upstreamClient.shutdownNow();
    }
}
