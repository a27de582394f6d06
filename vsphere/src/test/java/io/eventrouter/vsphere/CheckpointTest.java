package io.eventrouter.vsphere;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {

    @Test
    void writesTheOriginalFieldsInTheOriginalOrder() {
        Checkpoint checkpoint = Checkpoint.of("vcenter-01.corp.local",
                new Position(1234, OffsetDateTime.parse("2020-10-01T10:07:35.155Z"), "e5b89c60", "VmPoweredOffEvent"),
                OffsetDateTime.parse("2020-10-01T10:07:36.316511Z"));
        assertThat(checkpoint.toJson()).isEqualTo("""
                {"vCenter":"vcenter-01.corp.local","lastEventUUID":"e5b89c60","lastEventKey":1234,\
                "lastEventType":"VmPoweredOffEvent","lastEventKeyTimestamp":"2020-10-01T10:07:35.155Z",\
                "createdTimestamp":"2020-10-01T10:07:36.316511Z"}""");
        assertThat(Checkpoint.fileName("vcenter-01.corp.local")).isEqualTo("cp-vcenter-01.corp.local.json");
    }

    @Test
    void readsTheOriginalsFilesIncludingEmptyOnes() throws Exception {
        Checkpoint read = Checkpoint.parse("""
                {"vCenter":"vc","lastEventUUID":"u","lastEventKey":42,"lastEventType":"VmPoweredOnEvent",
                 "lastEventKeyTimestamp":"2020-10-01T12:07:35.155+02:00","createdTimestamp":"2020-10-01T10:07:36Z"}
                """).orElseThrow();
        assertThat(read.position()).isEqualTo(new Position(42,
                OffsetDateTime.parse("2020-10-01T12:07:35.155+02:00"), "u", "VmPoweredOnEvent"));
        assertThat(Checkpoint.parse("")).isEmpty();
        assertThat(Checkpoint.parse("""
                {"vCenter":"","lastEventUUID":"","lastEventKey":0,"lastEventType":"",\
                "lastEventKeyTimestamp":"0001-01-01T00:00:00Z","createdTimestamp":"0001-01-01T00:00:00Z"}""")).isEmpty();
    }

    @Test
    void refusesWhatIsNotACheckpoint() {
        assertThatThrownBy(() -> Checkpoint.parse("not json")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Checkpoint.parse("[1]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Checkpoint.parse("{\"lastEventKey\":\"x\",\"lastEventKeyTimestamp\":\"2020-10-01T10:07:35Z\"}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Checkpoint.parse("{\"lastEventKey\":1,\"lastEventKeyTimestamp\":\"yesterday\"}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Checkpoint.parse("{\"lastEventKey\":1,\"lastEventKeyTimestamp\":\"2020-10-01T10:07:35+25:00\"}"))
                .isInstanceOf(IOException.class);
    }
}
