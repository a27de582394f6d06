package io.eventrouter.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Knative's rules for a destination, and the dead-letter sink that is one too (or a directory). */
class DestinationTest {

    private final Binder binder = new Binder(new References(Map.<String, String>of()::get));

    private <T> T bind(String yaml, Class<T> type) throws ConfigException {
        return binder.bind(ConfigTreeReader.read(yaml), type, ConfigPath.ROOT);
    }

    @Test
    void aRefAloneOrWithARelativeUri() throws Exception {
        Destination ref = bind("""
                ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
                """, Destination.class);
        Destination relative = bind("""
                ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: echo, namespace: fns}
                uri: /extra/path
                """, Destination.class);

        assertThat(ref.ref()).isEqualTo(new KReference("eventing.knative.dev/v1", "Broker", "default", null));
        assertThat(ref.uri()).isNull();
        assertThat(relative.uri().isAbsolute()).isFalse();
        assertThat(relative.uri().uri()).hasToString("/extra/path");
    }

    @Test
    void anAbsoluteUriAsStringOrAsTheOriginalsMapping() throws Exception {
        assertThat(bind("uri: http://broker-ingress.knative-eventing.svc.cluster.local/ns/default", Destination.class)
                .uri().uri()).hasToString("http://broker-ingress.knative-eventing.svc.cluster.local/ns/default");
        assertThat(bind("uri: {scheme: http, host: sockeye.default.svc, path: /events}", Destination.class)
                .uri().uri()).hasToString("http://sockeye.default.svc/events");
    }

    @Test
    void refusesWhatKnativeRefuses() {
        assertThatThrownBy(() -> bind("uri: /relative/without/ref", Destination.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uri")
                .hasMessageContaining("a relative uri needs a ref");
        assertThatThrownBy(() -> bind("""
                ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
                uri: http://elsewhere/
                """, Destination.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be relative");
        assertThatThrownBy(() -> bind("uri: ftp://files.example.com/", Destination.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http or https");
        assertThatThrownBy(() -> bind("ref: {apiVersion: v1, name: sockeye}", Destination.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> bind("{}", Destination.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("needs uri or ref");
    }

    @Test
    void aDeadLetterSinkIsADestinationOrADirectory() throws Exception {
        DeadLetterSink ref = bind("""
                ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: dead-letters, namespace: vmware-system}
                """, DeadLetterSink.class);
        DeadLetterSink directory = bind("directory: /var/lib/router/dlq", DeadLetterSink.class);

        assertThat(ref.destination()).isEqualTo(new Destination(ref.ref(), null));
        assertThat(directory.destination()).isNull();
        assertThat(directory.directory()).isEqualTo(Path.of("/var/lib/router/dlq"));
        assertThatThrownBy(() -> bind("""
                directory: /tmp/dlq
                uri: http://sink/
                """, DeadLetterSink.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("either directory");
        assertThatThrownBy(() -> bind("uri: dead-letters", DeadLetterSink.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a relative uri needs a ref");
        assertThatThrownBy(() -> bind("{}", DeadLetterSink.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uri, ref or directory");
    }
}
