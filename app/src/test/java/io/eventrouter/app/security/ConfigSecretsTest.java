package io.eventrouter.app.security;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value read through {@code ${env:...}} or {@code ${file:...}} may be a secret, whatever field it is written in: a
 * configuration error names the reference and the field, never the value, for every kind of field.
 */
class ConfigSecretsTest {

    /** Wrong for every kind of field, and distinctive enough to be found in any message. */
    static final String SECRET = "Zq8x secret-contents/Qv4471 ";
    static final String REF = "@REF@";

    @TempDir
    Path dir;

    /** Each case: a field kind, and a configuration with the reference in that field. */
    static Stream<String[]> fields() {
        return Stream.of(
                new String[]{"duration", v1("", "", "delivery: {timeout: \"" + REF + "\"}")},
                new String[]{"duration (v1alpha1)", HostileConfigs.V1ALPHA1.replace("knative:\n",
                        "delivery: {backoffDelay: \"" + REF + "\"}\n  knative:\n")},
                new String[]{"URL", v1("", "", "").replace("uri: \"http://127.0.0.1:9/\"", "uri: \"" + REF + "\"")},
                new String[]{"enum", v1("", "encoding: \"" + REF + "\"", "")},
                new String[]{"backoffPolicy", v1("", "", "delivery: {backoffPolicy: \"" + REF + "\"}")},
                new String[]{"bindAddress", v1("", "", "").replaceFirst("127.0.0.1:0", REF)},
                new String[]{"apiVersion", v1("", "", "").replace("eventrouter.io/v1", REF)},
                new String[]{"tls.certFile", v1("tls: {certFile: \"" + REF + "\", keyFile: /dev/null}", "", "")},
                new String[]{"cesql", v1("", "", "filters: [{cesql: \"" + REF + "\"}]")},
                new String[]{"dead-letter uri", v1("", "",
                        "delivery: {deadLetterSink: {uri: \"" + REF + "\"}}")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void anEnvironmentReferenceIsNamedNotShown(String kind, String yaml) {
        ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(),
                new References(name -> name.equals("ROUTER_VALUE") ? SECRET : null));
        assertThatThrownBy(() -> loader.parse(yaml.replace(REF, "${env:ROUTER_VALUE}")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("${env:ROUTER_VALUE}")
                        .doesNotContain(SECRET.strip(), "Zq8x", "secret-contents", "Qv4471"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void aFileReferenceIsNamedNotShownByValidate(String kind, String yaml) throws Exception {
        Path secret = Files.writeString(dir.resolve("value"), SECRET + "\n");
        Path config = Files.writeString(dir.resolve("config.yaml"), yaml.replace(REF, "${file:" + secret + "}"));
        HostileConfigs.Run run = HostileConfigs.validate(config);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("${file:" + secret + "}")
                .doesNotContain(SECRET.strip(), "Zq8x", "secret-contents", "Qv4471");
        HostileConfigs.assertOneLine(run, config);
    }

    private static String v1(String webhook, String knative, String processor) {
        return HostileConfigs.v1(webhook, knative, processor);
    }
}
