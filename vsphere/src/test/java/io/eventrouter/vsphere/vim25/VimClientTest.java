package io.eventrouter.vsphere.vim25;

import io.eventrouter.http.ClientTls;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.vcsim.Vcsim;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's calls and error mapping against vcsim, and against a scripted server for what vcsim cannot do. */
class VimClientTest {

    static VimClient client(URI sdkUrl) {
        return new VimClient(sdkUrl, ClientTls.systemDefault().context(true), Duration.ofSeconds(2),
                Duration.ofSeconds(10), new SimpleMeterRegistry());
    }

    @Test
    void negotiatesTheApiVersionAndLogsIn() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().args("-api-version", "8.0.2.0").start();
             VimClient client = client(vcsim.sdkUrl())) {
            assertThat(client.negotiateApiVersion()).isEqualTo("8.0.2.0");
            ServiceContent content = client.retrieveServiceContent();
            assertThat(content.apiVersion()).isEqualTo("8.0.2.0");
            assertThat(content.rootFolder()).isEqualTo(new ManagedObjectReference("Folder", "group-d1"));
            client.login(content.sessionManager(), "user", "pass");
            assertThat(client.currentTime()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
            client.logout(content.sessionManager());
        }
    }

    @Test
    void mapsSoapFaultsToTypedExceptions() throws Exception {
        try (Vcsim vcsim = Vcsim.builder().start(); VimClient client = client(vcsim.sdkUrl())) {
            ServiceContent content = client.retrieveServiceContent();
            assertThatThrownBy(() -> client.createCollectorForEvents(content.eventManager(), content.rootFolder(),
                    Instant.now())).isInstanceOf(NotAuthenticatedException.class);
            assertThatThrownBy(() -> client.login(content.sessionManager(), "user", "wrong"))
                    .isInstanceOf(InvalidLoginException.class).hasMessageNotContaining("wrong");

            client.login(content.sessionManager(), "user", "pass");
            ManagedObjectReference collector = client.createCollectorForEvents(content.eventManager(),
                    content.rootFolder(), Instant.now());
            assertThatThrownBy(() -> client.readNextEvents(collector, 1001))
                    .isInstanceOfSatisfying(VimFaultException.class,
                            fault -> assertThat(fault.faultType()).isEqualTo("InvalidArgument"));
            client.destroyCollector(collector);
            assertThatThrownBy(() -> client.readNextEvents(collector, 10))
                    .isInstanceOf(ManagedObjectNotFoundException.class);
        }
    }

    @Test
    void fallsBackToTheDefaultVersionAndSendsItAsSoapAction() throws Exception {
        try (FakeVimServer server = new FakeVimServer().loginAndCollector(); VimClient client = client(server.sdkUrl())) {
            assertThat(client.negotiateApiVersion()).isEqualTo(VimClient.DEFAULT_API_VERSION);
            client.retrieveServiceContent();
            assertThat(server.lastSoapAction()).isEqualTo("urn:vim25/7.0");
            server.versions("""
                    <namespaces version="1.0"><namespace><name>urn:vim25</name><version>9.0.0.0</version>\
                    </namespace><namespace><name>urn:sms</name><version>1.0</version></namespace></namespaces>""");
            assertThat(client.negotiateApiVersion()).isEqualTo("9.0.0.0");
            client.retrieveServiceContent();
            assertThat(server.lastSoapAction()).isEqualTo("urn:vim25/9.0.0.0");
        }
    }

    @Test
    void refusesHostileAndBrokenAnswers() throws Exception {
        try (FakeVimServer server = new FakeVimServer(); VimClient client = client(server.sdkUrl())) {
            server.on("RetrieveServiceContent", """
                    <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\
                    <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>\
                    <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>&e;</returnval>\
                    </RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>""");
            assertThatThrownBy(client::retrieveServiceContent).isInstanceOf(VimProtocolException.class)
                    .hasMessageContaining("DTD").hasMessageNotContaining("root:");

            server.on("RetrieveServiceContent", "<?xml version=\"1.0\"?><html>not soap</html>");
            assertThatThrownBy(client::retrieveServiceContent).isInstanceOf(VimProtocolException.class);

            server.on("CurrentTime", """
                    <soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>out of coffee</faultstring>\
                    <detail><SystemErrorFault xmlns="urn:vim25" xsi:type="SystemError"><reason>x</reason>\
                    </SystemErrorFault></detail></soapenv:Fault>""");
            assertThatThrownBy(client::currentTime).isInstanceOfSatisfying(VimFaultException.class, fault -> {
                assertThat(fault.faultType()).isEqualTo("SystemError");
                assertThat(fault).hasMessage("SystemError: out of coffee");
            });
        }
    }

    @Test
    void reportsAnUnreachableVcenterAsAConnectionProblem() {
        try (VimClient client = client(URI.create("https://127.0.0.1:" + FreePorts.next() + "/sdk"))) {
            assertThatThrownBy(client::retrieveServiceContent).isInstanceOf(VimConnectionException.class)
                    .hasMessageContaining("cannot connect");
        }
    }
}
