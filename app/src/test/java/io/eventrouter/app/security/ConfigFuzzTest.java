package io.eventrouter.app.security;

import io.eventrouter.config.ConfigException;
import io.eventrouter.config.References;
import io.eventrouter.config.file.ConfigLoader;
import io.eventrouter.spi.ConnectorRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the configuration loader: mutations of valid configurations (characters that mean something to YAML and
 * JSON inserted, spans deleted or repeated) and random text. Every input loads, or is refused with a
 * {@link ConfigException} of one line that never shows the value of a reference; anything else (another exception,
 * a stack overflow) fails the property. {@code ./run-tests} runs the tries set in junit-platform.properties; for a
 * longer run: {@code ./mvnw -o verify -pl app -am -Dtest=ConfigFuzzTest -Djqwik.tries.default=200000}.
 */
class ConfigFuzzTest {

    private static final String ENV_SECRET = "fuzz-env-secret-Zr7";
    private static final List<String> SEEDS = List.of(
            HostileConfigs.v1("auth: {type: basic_auth, basicAuth: {username: u, password: \"${env:FUZZ}\"}}",
                    "encoding: binary", "delivery: {retry: 3, timeout: \"${env:FUZZ}\"}"),
            HostileConfigs.v1("path: /hook", "", "filters: [{cesql: \"source LIKE '%a%'\"}, {prefix: {type: Vm}}]"),
            HostileConfigs.V1ALPHA1,
            "[{\"type\": \"stream\", \"provider\": \"vmware_vcenter\", \"address\": \"https://vc/sdk\", "
                    + "\"auth\": {\"method\": \"user_password\", \"secret\": {\"username\": \"u\", "
                    + "\"password\": \"${env:FUZZ}\"}}}]");
    private static final String SPECIAL = ":-[]{},&*!|>'\"%@`#?\n \t$\\";

    private final ConfigLoader loader = new ConfigLoader(ConnectorRegistry.load(),
            new References(name -> name.equals("FUZZ") ? ENV_SECRET : null));

    @Property
    void anyMutationLoadsOrIsRefusedInOneLine(@ForAll("mutations") String text) {
        check(text);
    }

    @Property
    void anyTextLoadsOrIsRefusedInOneLine(@ForAll("texts") String text) {
        check(text);
    }

    private void check(String text) {
        try {
            loader.parse(text);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).doesNotContain("\n", ENV_SECRET);
        }
    }

    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<Integer> edits = Arbitraries.integers().between(1, 6);
        return Combinators.combine(seed, edits, Arbitraries.longs()).as(ConfigFuzzTest::mutate);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(SPECIAL).withCharRange('a', 'z').withCharRange('0', '9')
                .ofMaxLength(300);
    }

    /** {@code edits} random edits of {@code seed}, chosen by {@code randomSeed} (so jqwik can replay a failure). */
    private static String mutate(String seed, int edits, long randomSeed) {
        java.util.Random random = new java.util.Random(randomSeed);
        StringBuilder text = new StringBuilder(seed);
        for (int i = 0; i < edits && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            int length = Math.min(text.length() - at, 1 + random.nextInt(12));
            switch (random.nextInt(4)) {
                case 0 -> text.insert(at, SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                case 1 -> text.delete(at, at + length);
                case 2 -> text.insert(at, text.substring(at, at + length));
                default -> text.setCharAt(at, SPECIAL.charAt(random.nextInt(SPECIAL.length())));
            }
        }
        return text.toString();
    }
}
