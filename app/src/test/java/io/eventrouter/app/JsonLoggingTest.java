package io.eventrouter.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventrouter.app.logging.LogSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLoggingTest {

    private final PrintStream originalErr = System.err;

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        LogSetup.configure("info", false);
    }

    @Test
    void logJsonWritesOneObjectPerLineWithZapsKeys() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure("info", true);
        LoggerFactory.getLogger("io.eventrouter.test").info("hello {}", "world");
        LoggerFactory.getLogger("io.eventrouter.test").debug("not shown at info");

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertThat(line.path("level").asText()).isEqualTo("info");
        assertThat(line.path("msg").asText()).isEqualTo("hello world");
        assertThat(line.path("logger").asText()).isEqualTo("io.eventrouter.test");
        assertThat(line.path("ts").asText()).endsWith("Z");
    }

    @Test
    void textFormatIsOneReadableLine() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LogSetup.configure("debug", false);
        LoggerFactory.getLogger("io.eventrouter.Thing").debug("details");
        assertThat(captured.toString(StandardCharsets.UTF_8)).matches("(?s)\\d{4}-\\d\\d-\\d\\dT.* DEBUG Thing: details\\n");
    }
}
