package io.eventrouter.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinderTest {

    enum Mode implements WireEnum {
        FAST("fast"), SLOW("slow");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wireName() {
            return wire;
        }
    }

    record Inner(@Required @Doc("x") String name, @Default("3") @Doc("x") int count) {
    }

    record Sample(
            @Required @Doc("x") String title,
            @Default("true") @Doc("x") boolean enabled,
            @Default("PT1S") @Doc("x") Duration delay,
            @Doc("x") URI url,
            @Default("fast") @Doc("x") Mode mode,
            @Doc("x") Secret password,
            @Doc("x") List<Inner> items,
            @Doc("x") Map<String, String> labels,
            @Key("default") @Doc("x") Inner defaultInner) {
    }

    private final Binder binder = new Binder(new References(Map.of("PASS", "from-env")::get));

    private Sample bind(String yaml) throws ConfigException {
        return binder.bind(ConfigTreeReader.read(yaml), Sample.class, ConfigPath.ROOT);
    }

    @Test
    void bindsEveryKindOfFieldAndAppliesDefaults() throws Exception {
        Sample sample = bind("""
                title: hello
                url: https://vc.example.com/sdk
                password: ${env:PASS}
                items:
                  - name: a
                  - {name: b, count: 7}
                labels: {team: ops}
                default: {name: d}
                delay: 1500ms
                """);
        assertThat(sample.title()).isEqualTo("hello");
        assertThat(sample.enabled()).isTrue();
        assertThat(sample.delay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(sample.url().getHost()).isEqualTo("vc.example.com");
        assertThat(sample.mode()).isEqualTo(Mode.FAST);
        assertThat(sample.password().reveal()).isEqualTo("from-env");
        assertThat(sample.password().toString()).doesNotContain("from-env");
        assertThat(sample.items()).containsExactly(new Inner("a", 3), new Inner("b", 7));
        assertThat(sample.labels()).containsEntry("team", "ops");
        assertThat(sample.defaultInner().name()).isEqualTo("d");
    }

    @Test
    void unknownKeyNamesThePathTheLocationAndTheClosestKey() {
        assertThatThrownBy(() -> bind("title: x\nenabeld: true\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("enabeld");
                    assertThat(e.location()).isEqualTo(new Location(2, 1));
                    assertThat(e.getMessage()).contains("did you mean \"enabled\"");
                });
    }

    @Test
    void nestedErrorsCarryTheFullPath() {
        assertThatThrownBy(() -> bind("title: x\nitems:\n  - name: a\n  - count: 2\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("items[1].name");
                    assertThat(e.problem()).isEqualTo("missing required field");
                    assertThat(e.location().line()).isEqualTo(4);
                });
    }

    @Test
    void wrongTypesAreRefused() {
        assertThatThrownBy(() -> bind("title: x\nenabled: \"yes\"\n")).hasMessageContaining("expected true or false");
        assertThatThrownBy(() -> bind("title: x\nitems: {}\n")).hasMessageContaining("expected a list");
        assertThatThrownBy(() -> bind("title: [1]\n")).hasMessageContaining("expected a single value");
        assertThatThrownBy(() -> bind("title: x\ndelay: soon\n")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> bind("title: x\nmode: turbo\n")).hasMessageContaining("is not one of: fast, slow");
        assertThatThrownBy(() -> bind("title: x\nurl: not a url\n")).hasMessageContaining("not a valid URL");
        assertThatThrownBy(() -> bind("title: x\ndefault: {name: d, count: 99999999999}\n"))
                .hasMessageContaining("out of range");
    }

    @Test
    void missingEnvironmentVariableIsAConfigError() {
        assertThatThrownBy(() -> bind("title: x\npassword: ${env:NOPE}\n"))
                .hasMessageContaining("password").hasMessageContaining("environment variable NOPE is not set");
    }

    @Test
    void secretCanComeFromAFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret\n");
        assertThat(bind("title: x\npassword: ${file:" + file + "}\n").password().reveal()).isEqualTo("s3cret");
        assertThat(bind("title: x\npassword: $${env:LITERAL}\n").password().reveal()).isEqualTo("${env:LITERAL}");
    }

    @Test
    void urlErrorsNeverShowAPassword() {
        assertThatThrownBy(() -> bind("title: x\nurl: \"https://admin:hunter2@/sdk\"\n"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void durationsInBothNotations() {
        assertThat(Durations.parse("PT0.2S")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThatThrownBy(() -> Durations.parse("10")).isInstanceOf(IllegalArgumentException.class);
    }
}
