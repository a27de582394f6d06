package io.eventrouter.app;

import io.eventrouter.app.runtime.RouterRuntime;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.AddressResolver;
import io.eventrouter.spi.ConnectorRegistry;
import io.eventrouter.webhook.WebhookProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A router started in-process from YAML text, for tests. */
public final class RunningRouter implements AutoCloseable {

    public final RouterRuntime runtime;

    private RunningRouter(RouterRuntime runtime) {
        this.runtime = runtime;
    }

    public static RunningRouter start(String yaml) throws Exception {
        return start(yaml, AddressResolver.load());
    }

    /** @param addresses resolves destination refs (e.g. against a Kubernetes API mock server); closed with the router */
    public static RunningRouter start(String yaml, AddressResolver addresses) throws Exception {
        ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(), References.system());
        RouterRuntime runtime = new RouterRuntime(loader.parse(yaml).plan(), Clock.systemUTC(), List.of("event-router"),
                addresses);
        runtime.start();
        return new RunningRouter(runtime);
    }

    public URI webhook() {
        WebhookProvider webhook = (WebhookProvider) runtime.providers().getFirst();
        return URI.create("http://127.0.0.1:" + webhook.address().getPort() + "/webhook");
    }

    public URI metrics(String path) {
        return URI.create("http://127.0.0.1:" + runtime.metricsServer().address().getPort() + path);
    }

    @Override
    public void close() {
        runtime.stop(Duration.ofSeconds(2));
    }

    /** A webhook → knative configuration; {@code extra} is appended under the knative processor entry. */
    public static String webhookToKnative(URI receiver, String encoding, String processorExtra, String metricsExtra) {
        return webhookToKnativeDestination("uri: " + receiver, encoding, processorExtra, metricsExtra);
    }

    /** The same with any one-line destination, e.g. {@code ref: {apiVersion: ..., kind: Broker, name: default}}. */
    static String webhookToKnativeDestination(String destination, String encoding, String processorExtra,
                                              String metricsExtra) {
        return """
                apiVersion: event-router.vmware.com/v1alpha1
                kind: RouterConfig
                metadata:
                  name: e2e
                eventProvider:
                  type: webhook
                  name: webhook
                  webhook:
                    bindAddress: "127.0.0.1:0"
                    path: /webhook
                eventProcessor:
                  type: knative
                  name: knative
                  knative:
                    encoding: %s
                    insecureSSL: false
                    destination:
                      %s
                %s
                metricsProvider:
                  type: default
                  name: metrics
                  default:
                    bindAddress: "127.0.0.1:0"
                %s
                """.formatted(encoding, destination, processorExtra, metricsExtra);
    }
}
