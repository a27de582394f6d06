package io.eventrouter.horizon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void becomesTheOriginalsCloudEventWithMillisecondsAndSubject() throws Exception {
        AuditEvent event = AuditEvent.parse(JSON.readTree("""
                {"id": 1234, "time": 1634567890123, "type": "VLSI_USERLOGGEDIN", "module": "Vlsi",
                 "severity": "AUDIT_SUCCESS", "message": "User CORP\\\\alice has logged in", "machine_id": "",
                 "desktop_pool_name": "pool-1", "unknown_new_field": "dropped"}
                """)).orElseThrow();

        CloudEvent cloudEvent = event.toCloudEvent(URI.create("https://api.myhorizon.corp.local"));

        assertThat(cloudEvent.getId()).isEqualTo("1234");
        assertThat(cloudEvent.getType()).isEqualTo("com.vmware.event.router/horizon.vlsi_userloggedin.v0");
        assertThat(cloudEvent.getSubject()).isEqualTo("VLSI_USERLOGGEDIN");
        assertThat(cloudEvent.getTime()).isEqualTo(OffsetDateTime.parse("2021-10-18T14:38:10.123Z"));
        assertThat(new String(cloudEvent.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"desktop_pool_name\":\"pool-1\",\"id\":1234,\"message\":\"User CORP\\\\alice has logged in\","
                        + "\"module\":\"Vlsi\",\"severity\":\"AUDIT_SUCCESS\",\"time\":1634567890123,"
                        + "\"type\":\"VLSI_USERLOGGEDIN\"}");
    }

    @Test
    void itemsWithoutNumericIdOrTimeCannotBeRead() throws Exception {
        assertThat(AuditEvent.parse(JSON.readTree("{\"time\": 1}"))).isEmpty();
        assertThat(AuditEvent.parse(JSON.readTree("{\"id\": \"7\", \"time\": 1}"))).isEmpty();
        assertThat(AuditEvent.parse(JSON.readTree("{\"id\": 7, \"time\": 1.5}"))).isEmpty();
        assertThat(AuditEvent.parse(JSON.readTree("[]"))).isEmpty();
    }

    @Test
    void theTimeFilterIsTheOriginalsJsonUrlEncoded() {
        String encoded = AuditEventReader.filter(1000, 2000);

        assertThat(encoded).doesNotContain("{", "\"", " ");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"Between\",\"fromValue\":1000,\"name\":\"time\",\"toValue\":2000}");
    }
}
