package io.eventrouter.systemtests.functions;

import io.eventrouter.systemtests.functions.SuiteApiStub.Call;
import io.eventrouter.systemtests.functions.SuiteApiStub.Host;
import io.eventrouter.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/functions/maintenance-mode against a local stand-in of the Aria Operations suite-api: the sample events,
 * sent with {@code event-router send}, mark the host's resource maintained and back.
 */
class MaintenanceModeFunctionTest {

    static final String ENTERED = "maintenance-mode/test/entered-maintenance-mode.json";
    static final String EXITED = "maintenance-mode/test/exit-maintenance-mode.json";

    private SuiteApiStub api;
    private Host esx01;

    @BeforeEach
    void startApi() throws Exception {
        api = new SuiteApiStub();
        esx01 = api.addHost("esx-01.lab.local", "host-21");
        api.addHost("esx-01.lab.local-decommissioned", "host-9");   // found by the API's name search too
        api.addHost("esx-02.lab.local", "host-25");
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    static Map<String, String> environment(String url) {
        Map<String, String> env = new HashMap<>();
        env.put("VROPS_URL", url);
        env.put("VROPS_USERNAME", SuiteApiStub.USER);
        env.put("VROPS_PASSWORD", SuiteApiStub.PASSWORD);
        return env;
    }

    private FunctionProcess start(Map<String, String> extra) throws Exception {
        Map<String, String> env = environment(api.uri().toString());
        env.putAll(extra);
        return FunctionProcess.start("maintenance-mode", env);
    }

    @Test
    void enteringAndLeavingMaintenanceModeMarksTheHostMaintainedAndBack() throws Exception {
        try (FunctionProcess function = start(Map.of())) {
            Send.Result entered = Send.to(function.uri(), "binary", ENTERED);
            assertThat(entered.exitCode()).as(entered.out() + entered.err()).isZero();
            assertThat(entered.out()).contains("EnteredMaintenanceModeEvent: 200");
            assertThat(api.maintained).containsExactly(esx01.id());

            Call search = api.calls("GET", "/suite-api/api/resources").getFirst();
            assertThat(search.query()).containsEntry("name", "esx-01.lab.local")
                    .containsEntry("resourceKind", "HostSystem").containsEntry("adapterKind", "VMWARE");
            Call put = api.calls("PUT", "/suite-api/api/resources/").getFirst();
            assertThat(put.path()).isEqualTo("/suite-api/api/resources/" + esx01.id() + "/maintained");
            assertThat(put.query()).doesNotContainKey("duration");
            assertThat(put.authorization()).startsWith("vRealizeOpsToken ");

            Send.Result exited = Send.to(function.uri(), "structured", EXITED);
            assertThat(exited.exitCode()).as(exited.out() + exited.err()).isZero();
            assertThat(api.maintained).isEmpty();
            assertThat(api.calls("DELETE", "/suite-api/api/resources/" + esx01.id() + "/maintained")).hasSize(1);
            assertThat(api.calls("POST", "/suite-api/api/auth/token/acquire")).as("the token is reused").hasSize(1);
            assertThat(function.log()).contains("host esx-01.lab.local (host-21) maintained in Aria Operations")
                    .doesNotContain(SuiteApiStub.PASSWORD)
                    .doesNotContain(put.authorization().substring("vRealizeOpsToken ".length()));
        }
    }

    @Test
    void veba08EventsWithTheClassInTheTypeWorkToo() throws Exception {
        try (FunctionProcess function = start(Map.of("MAINTENANCE_DURATION_MINUTES", "90"))) {
            Send.Result sent = Send.to(function.uri(), "binary", "maintenance-mode/test/entered-maintenance-mode-veba08.json");
            assertThat(sent.exitCode()).as(sent.out() + sent.err()).isZero();
            assertThat(api.maintained).containsExactly(esx01.id());
            assertThat(api.calls("PUT", "/suite-api/api/resources/").getFirst().query()).containsEntry("duration", "90");
        }
    }

    @Test
    void otherEventsAreIgnored() throws Exception {
        try (FunctionProcess function = start(Map.of())) {
            Send.Result sent = Send.to(function.uri(), "binary", "echo/test/testevent.json");
            assertThat(sent.exitCode()).isZero();
            assertThat(sent.out()).contains("VmPoweredOffEvent: 204");
            assertThat(api.calls()).isEmpty();
        }
    }

    @Test
    void anExpiredTokenIsAcquiredAgain() throws Exception {
        try (FunctionProcess function = start(Map.of())) {
            assertThat(Send.to(function.uri(), "binary", ENTERED).exitCode()).isZero();
            api.revokeTokens();
            assertThat(Send.to(function.uri(), "binary", EXITED).exitCode()).isZero();
            assertThat(api.calls("POST", "/suite-api/api/auth/token/acquire")).hasSize(2);
            assertThat(api.maintained).isEmpty();
        }
    }

    @Test
    void anUnknownHostIsRefusedForGoodAndAnUnreachableApiAsksForARetry() throws Exception {
        try (SuiteApiStub empty = new SuiteApiStub();
             FunctionProcess function = FunctionProcess.start("maintenance-mode", environment(empty.uri().toString()))) {
            Send.Result sent = Send.to(function.uri(), "binary", ENTERED);
            assertThat(sent.exitCode()).isEqualTo(1);
            // 422: not retried by the router; the event is dead-lettered with this reason.
            assertThat(sent.out()).contains("EnteredMaintenanceModeEvent: 422 (rejected) no HostSystem named "
                    + "esx-01.lab.local in Aria Operations");
        }
        try (FunctionProcess function = FunctionProcess.start("maintenance-mode",
                environment("http://127.0.0.1:" + FreePorts.next()))) {
            Send.Result sent = Send.to(function.uri(), "binary", ENTERED);
            assertThat(sent.exitCode()).isEqualTo(1);
            // 503: the router holds the event and retries until Aria Operations is back.
            assertThat(sent.out()).contains("EnteredMaintenanceModeEvent: 503 (unavailable)");
        }
    }

    @Test
    void wrongCredentialsAreNotRetried() throws Exception {
        Map<String, String> env = environment(api.uri().toString());
        env.put("VROPS_PASSWORD", "wrong");
        try (FunctionProcess function = FunctionProcess.start("maintenance-mode", env)) {
            Send.Result sent = Send.to(function.uri(), "binary", ENTERED);
            assertThat(sent.out()).contains("EnteredMaintenanceModeEvent: 424 (rejected)");
            assertThat(function.log()).doesNotContain("wrong");
        }
    }
}
