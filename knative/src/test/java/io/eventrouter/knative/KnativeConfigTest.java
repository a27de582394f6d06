package io.eventrouter.knative;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.config.KReference;
import io.eventrouter.testing.ConfigSections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnativeConfigTest {

    @Test
    void theOriginalsExampleConfigsWithARefBind() throws ConfigException {
        KnativeConfig vcenter = ConfigSections.bindExample("vcenter-knative.yaml", KnativeConfig.class,
                "eventProcessor", "knative");
        KnativeConfig horizon = ConfigSections.bindExample("horizon-knative.yaml", KnativeConfig.class,
                "eventProcessor", "knative");

        assertThat(vcenter.destination().ref())
                .isEqualTo(new KReference("eventing.knative.dev/v1", "Broker", "default", "vmware-functions"));
        assertThat(vcenter.destination().uri()).isNull();
        assertThat(vcenter.encoding()).isEqualTo(EventEncoding.BINARY);
        assertThat(vcenter.insecureSSL()).isFalse();
        assertThat(horizon.destination().ref())
                .isEqualTo(new KReference("eventing.knative.dev/v1", "Broker", "rabbit", "default"));
    }

    @Test
    void aRefWithARelativeUriBinds() throws ConfigException {
        KnativeConfig config = ConfigSections.bind("""
                destination:
                  ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: kn-ps-echo}
                  uri: /events
                """, KnativeConfig.class);

        assertThat(config.destination().ref().namespace()).as("defaults to the router's, when resolved").isNull();
        assertThat(config.destination().uri().uri()).hasToString("/events");
    }

    @Test
    void aRefWithAnAbsoluteUriIsRefusedAsKnativeDoes() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                destination:
                  ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
                  uri: http://broker-ingress.knative-eventing.svc.cluster.local/default/default
                """, KnativeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("destination.uri").hasMessageContaining("must be relative");
    }

    @Test
    void knativesCACertsAudienceAndOidcBind() throws ConfigException {
        KnativeConfig config = ConfigSections.bind("""
                destination:
                  ref: {apiVersion: eventing.knative.dev/v1, kind: Broker, name: default}
                  audience: eventing.knative.dev/broker/vmware-functions/default
                oidc: {tokenFile: /var/run/secrets/tokens/broker}
                """, KnativeConfig.class);
        KnativeConfig defaults = ConfigSections.bind("destination: {uri: https://sink.example.com}", KnativeConfig.class);

        assertThat(config.destination().audience()).isEqualTo("eventing.knative.dev/broker/vmware-functions/default");
        assertThat(config.oidcOrDefault().tokenFile()).hasToString("/var/run/secrets/tokens/broker");
        assertThat(config.oidcOrDefault().enabled()).isTrue();
        assertThat(defaults.oidcOrDefault()).isEqualTo(OidcConfig.DEFAULT);
    }

    @Test
    void CACertsThatAreNotPemCertificatesAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                destination:
                  uri: https://sink.example.com
                  CACerts: not a certificate
                """, KnativeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("destination.CACerts").hasMessageContaining("must be PEM certificates");
    }

    @Test
    void anOidcLifetimeShorterThanKubernetesAllowsIsRefused() {
        assertThatThrownBy(() -> ConfigSections.bind("""
                destination: {uri: https://sink.example.com}
                oidc: {expiration: 5m}
                """, KnativeConfig.class))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("oidc.expiration").hasMessageContaining("at least 10m");
    }
}
