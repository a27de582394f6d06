package io.eventrouter.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad quickstart options are refused with exit 2 before anything is built or started. */
class QuickstartCommandTest {

    @Test
    void badOptionsExitWithTwoAndSayWhich() {
        CommandRunner.Result port = CommandRunner.run("quickstart", "--port", "70000", "--no-browser");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("error: --port must be 1 to 65535").doesNotContain("simulator");

        CommandRunner.Result interval = CommandRunner.run("quickstart", "--interval", "0s", "--no-browser");
        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.err()).contains("--interval must be positive");
    }
}
