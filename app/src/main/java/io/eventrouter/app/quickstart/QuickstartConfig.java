package io.eventrouter.app.quickstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.vsphere.vcsim.Vcsim;

import java.net.URI;
import java.nio.file.Path;

/**
 * The quickstart's router configuration, written as a user would write it (and kept in the work directory to look
 * at): the simulator as a vcenter provider with checkpoints, a knative processor to the terminal's receiver, and
 * the metrics server with the viewer on loopback only, as it has no password.
 */
final class QuickstartConfig {

    static final String PROVIDER = "vcsim";
    static final String PROCESSOR = "terminal";
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuickstartConfig() {
    }

    static String yaml(Vcsim vcsim, Path checkpointDir, String format, URI receiver, int metricsPort) {
        return """
                # written by event-router quickstart
                apiVersion: eventrouter.io/v1
                kind: RouterConfig
                metadata:
                  name: quickstart
                eventProviders:
                  - type: vcenter
                    name: %s
                    vcenter:
                      address: %s
                      insecureSSL: true   # vcsim's certificate is self-signed
                      checkpoint: true
                      checkpointDir: %s
                      format: %s
                      auth:
                        type: basic_auth
                        basicAuth:
                          username: %s
                          password: %s
                eventProcessors:
                  - type: knative
                    name: %s
                    knative:
                      encoding: structured
                      destination:
                        uri: %s
                metricsProvider:
                  type: default
                  name: metrics
                  default:
                    bindAddress: "127.0.0.1:%d"
                    viewer:
                      enabled: true
                """.formatted(PROVIDER, quoted(vcsim.sdkUrl().toString()), quoted(checkpointDir.toString()),
                format, quoted(vcsim.username()), quoted(vcsim.password()), PROCESSOR,
                quoted(receiver.toString()), metricsPort);
    }

    /** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
