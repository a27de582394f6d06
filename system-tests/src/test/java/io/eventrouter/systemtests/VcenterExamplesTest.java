package io.eventrouter.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.eventrouter.config.KReference;
import io.eventrouter.testing.CloudEventsReceiver;
import io.eventrouter.testing.eventbridge.LocalEventBridge;
import io.eventrouter.testing.openfaas.LocalGateway;
import io.eventrouter.testing.TestCertificates;
import io.eventrouter.vsphere.vcsim.Vcsim;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The original's vCenter examples (vcenter-openfaas, vcenter-aws, vcenter-aws-iam-role-auth, vcenter-knative) as
 * shipped, with only the addresses changed: vCenter is a vcsim over https with the example's own credentials, and
 * {@code insecureSSL: false} holds because the router's JVM trusts the test CA. A VM power-off must reach each
 * destination in its shape.
 */
class VcenterExamplesTest {

    private static final String SHIPPED_VCENTER = "https://my-vcenter01.domain.local/sdk";
    private static final String VM = "DC0_H0_VM0";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;
    private static TestCertificates.Pair certificate;
    private static Path trustStore;

    @TempDir
    Path dir;
    private Vcsim vcsim;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificates.selfSigned(keys, "vcsim");
        trustStore = certificate.writeTrustStore(keys.resolve("trust.p12"));
    }

    @BeforeEach
    void startVcsim() throws Exception {
        vcsim = Vcsim.builder().certificate(certificate.cert(), certificate.key())
                .credentials("administrator@vsphere.local", "ReplaceMe").start();
    }

    @AfterEach
    void stopVcsim() {
        vcsim.close();
    }

    private RouterProcess router(ShippedExample example) throws Exception {
        return example.pointAt(SHIPPED_VCENTER, vcsim.sdkUrl().toString()).router(dir)
                .trustStore(trustStore, TestCertificates.trustStorePassword());
    }

    @Test
    void vcenterOpenfaasInvokesTheSubscribedFunctionWithTheStructuredCloudEvent() throws Exception {
        ShippedExample example = ShippedExample.validated("vcenter-openfaas");
        try (LocalGateway gateway = new LocalGateway("admin", "ReplaceMe")) { // the example's gateway credentials
            gateway.namespaces("openfaas-fn");
            gateway.deploy("of-echo", "openfaas-fn", "VmPoweredOnEvent,VmPoweredOffEvent", i -> LocalGateway.Answer.ok());
            gateway.deploy("of-license", "openfaas-fn", "LicenseEvent", i -> LocalGateway.Answer.ok());
            try (RouterProcess router = router(example.pointAt("http://gateway.openfaas:8080",
                    gateway.address().toString())).start()) {
                vcsim.govc().powerOff(VM);
                await().atMost(WAIT).until(() -> !gateway.invocationsOf("of-echo.openfaas-fn").isEmpty());
            }
            LocalGateway.Invocation call = gateway.invocationsOf("of-echo.openfaas-fn").getFirst();
            assertThat(call.route()).as("async: false").isEqualTo("function");
            assertThat(call.headers().get("content-type")).startsWith("application/cloudevents+json");
            JsonNode event = JSON.readTree(call.body());
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo("com.vmware.event.router/event");
            assertThat(event.get("subject").asText()).isEqualTo("VmPoweredOffEvent");
            assertThat(event.get("source").asText()).isEqualTo(vcsim.sdkUrl().toString());
            assertThat(event.at("/data/Vm/Name").asText()).isEqualTo(VM);
            assertThat(gateway.invocations()).extracting(i -> JSON.readTree(i.body()).get("subject").asText())
                    .as("only subscribed topics").containsOnly("VmPoweredOffEvent");
        }
    }

    @Test
    void vcenterAwsPutsTheEventsTheRuleMatchesSignedWithTheStaticKeys() throws Exception {
        ShippedExample example = ShippedExample.validated("vcenter-aws");
        try (LocalEventBridge aws = new LocalEventBridge("ABCDEFGHIJK", "ZYXWVUTSRQPO")) { // the example's keys
            RouterProcess router = router(example);
            putsThePoweredOffEvent(aws, router);
            assertThat(aws.signers()).isNotEmpty().containsOnly("ABCDEFGHIJK");
            assertThat(router.output()).doesNotContain("ZYXWVUTSRQPO");
        }
    }

    @Test
    void vcenterAwsIamRoleSignsWithTheDefaultCredentialsChain() throws Exception {
        ShippedExample example = ShippedExample.validated("vcenter-aws-iam-role-auth");
        String accessKey = "AKIAROLEEXAMPLE00001";
        String secretKey = "role/secret/from/the/environment/EXAMPLE";
        try (LocalEventBridge aws = new LocalEventBridge(accessKey, secretKey)) {
            // the chain's first source the router's environment offers; on EKS it would be the pod's IAM role
            RouterProcess router = router(example).environment("AWS_ACCESS_KEY_ID", accessKey)
                    .environment("AWS_SECRET_ACCESS_KEY", secretKey);
            putsThePoweredOffEvent(aws, router);
            assertThat(aws.signers()).isNotEmpty().containsOnly(accessKey);
            assertThat(router.output()).doesNotContain(secretKey);
        }
    }

    /** The rule by the examples' ruleARN selects power-offs of DC0_* VMs; exactly those must be put on the bus. */
    private void putsThePoweredOffEvent(LocalEventBridge aws, RouterProcess router) throws Exception {
        String arn = aws.addRule("vmware-event-router", "default",
                "{\"detail\":{\"subject\":[\"VmPoweredOffEvent\"],\"data\":{\"Vm\":{\"Name\":[{\"prefix\":\"DC0_\"}]}}}}")
                .arn();
        assertThat(arn).isEqualTo("arn:aws:events:us-west-1:1234567890:rule/vmware-event-router");
        // the SDK's standard endpoint override; the example itself has no endpoint
        try (router) {
            router.environment("AWS_ENDPOINT_URL_EVENTBRIDGE", aws.endpoint().toString()).start();
            vcsim.govc().powerOff(VM);
            await().atMost(WAIT).until(() -> !aws.accepted().isEmpty());
        }
        assertThat(aws.refusedSignatures()).isEmpty();
        JsonNode entry = aws.accepted().getFirst();
        assertThat(entry.get("EventBusName").asText()).isEqualTo("default");
        assertThat(entry.get("Source").asText()).isEqualTo(vcsim.sdkUrl().toString());
        assertThat(entry.get("DetailType").asText()).isEqualTo("VmPoweredOffEvent");
        JsonNode detail = JSON.readTree(entry.get("Detail").asText());
        assertThat(detail.get("subject").asText()).isEqualTo("VmPoweredOffEvent");
        assertThat(detail.at("/data/Vm/Name").asText()).isEqualTo(VM);
        assertThat(aws.accepted()).extracting(e -> e.get("DetailType").asText()).as("VmStoppingEvent stays out")
                .containsOnly("VmPoweredOffEvent");
    }

    @Test
    void vcenterKnativeResolvesTheBrokerAndSendsBinaryCloudEvents() throws Exception {
        ShippedExample example = ShippedExample.validated("vcenter-knative");
        KReference ref = new KReference("eventing.knative.dev/v1", "Broker", "default", "vmware-functions");
        try (RouterProcess router = router(example); LocalBroker broker = LocalBroker.create(ref, dir)) {
            router.environment("KUBECONFIG", broker.kubeconfig().toString()).start();
            vcsim.govc().powerOff(VM);
            CloudEventsReceiver receiver = broker.receiver();
            await().atMost(WAIT).until(() -> subjects(receiver.events()).contains("VmPoweredOffEvent"));

            CloudEventsReceiver.Received received = receiver.received().stream()
                    .filter(r -> "VmPoweredOffEvent".equals(r.event().getSubject())).findFirst().orElseThrow();
            assertThat(received.mode()).as("encoding: binary").isEqualTo("binary");
            assertThat(received.event().getType()).isEqualTo("com.vmware.event.router/event");
            assertThat(received.event().getSource()).isEqualTo(vcsim.sdkUrl());
            assertThat(JSON.readTree(received.event().getData().toBytes()).at("/Vm/Name").asText()).isEqualTo(VM);
        }
    }

    private static List<String> subjects(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getSubject).toList();
    }
}
