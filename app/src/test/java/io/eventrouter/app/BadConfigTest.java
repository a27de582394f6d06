package io.eventrouter.app;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in {@code bad-configs/} must be refused by {@code validate} with exit status 2 and exactly one line that
 * names the file, the field path and the problem — never a stack trace. The expectations are in
 * {@code bad-configs/cases.txt}.
 */
class BadConfigTest {

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(BadConfigTest.class.getResource("/bad-configs/cases.txt").toURI()).getParent();
        return Files.readAllLines(dir.resolve("cases.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\\|", -1))
                .map(parts -> Arguments.of(dir.resolve(parts[0].strip()), parts[1].strip(), parts[2].strip()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithOneClearLine(Path file, String path, String problem) {
        CommandRunner.Result result = CommandRunner.run("validate", "--config", file.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        String line = result.err().strip();
        assertThat(line).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(line).as("the cases' secrets end in secret-value").doesNotContain("secret-value");
        assertThat(line).startsWith("error: " + file + ": ");
        if (!path.isEmpty()) {
            assertThat(line).contains(": " + path + " (line ");
        }
        assertThat(line).contains(problem);
    }

    @org.junit.jupiter.api.Test
    void thereAreAtLeastThirtyCases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(30);
    }

    @org.junit.jupiter.api.Test
    void aMissingFileIsAConfigErrorToo() {
        CommandRunner.Result result = CommandRunner.run("validate", "-config", "/nonexistent/config.yaml");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("error: /nonexistent/config.yaml: no such file");
    }
}
