package io.eventrouter.config;

import io.eventrouter.config.ConfigNode.ListNode;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNode.ScalarNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTreeReaderTest {

    @Test
    void yamlNodesKeepTheirLocationsAndScalarKinds() throws Exception {
        MapNode root = (MapNode) ConfigTreeReader.read("a: 1\nb:\n  c: true\n  d: [x, 2.5]\n");
        assertThat(root.get("a")).isEqualTo(new ScalarNode(new Location(1, 4), "1", ScalarNode.Kind.INTEGER));
        MapNode b = (MapNode) root.get("b");
        assertThat(((ScalarNode) b.get("c")).kind()).isEqualTo(ScalarNode.Kind.BOOLEAN);
        ListNode d = (ListNode) b.get("d");
        assertThat(d.items()).hasSize(2);
        assertThat(d.location().line()).isEqualTo(4);
    }

    @Test
    void jsonIsReadWithItsOwnParser() throws Exception {
        ListNode root = (ListNode) ConfigTreeReader.read("[{\"type\": \"stream\"}]");
        assertThat(((MapNode) root.items().getFirst()).get("type")).isInstanceOf(ScalarNode.class);
    }

    @Test
    void syntaxErrorsAreOneLineWithALocation() {
        assertThatThrownBy(() -> ConfigTreeReader.read("a: [1, 2\nb: 3\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).startsWith("(line").contains("invalid YAML").doesNotContain("\n");
                });
        assertThatThrownBy(() -> ConfigTreeReader.read("[{\"a\": 1,}]")).hasMessageContaining("invalid JSON");
    }

    @Test
    void nestingBeyondTheBoundIsAnErrorNotAStackOverflow() throws Exception {
        // a filter or pattern nested thousands of levels deep overflowed the stack of the recursive reader
        for (String deep : new String[] {"a: " + "{b: ".repeat(20_000) + "1" + "}".repeat(20_000),
                "a: " + "[".repeat(20_000) + "]".repeat(20_000), "{\"a\": " + "[".repeat(900) + "]".repeat(900) + "}"}) {
            assertThatThrownBy(() -> ConfigTreeReader.read(deep)).isInstanceOfSatisfying(ConfigException.class,
                    e -> assertThat(e.getMessage()).contains("nested more than 64 levels deep").doesNotContain("\n"));
        }
        String deepest = "a: " + "[".repeat(ConfigTreeReader.MAX_DEPTH - 1) + "1" + "]".repeat(ConfigTreeReader.MAX_DEPTH - 1);
        assertThat(ConfigTreeReader.read(deepest)).isInstanceOf(MapNode.class);
    }

    @Test
    void duplicateKeysEmptyAndBinaryFilesAreRefused() {
        assertThatThrownBy(() -> ConfigTreeReader.read("a: 1\na: 2\n")).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> ConfigTreeReader.read("  \n")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ConfigTreeReader.read("\0\1\2")).hasMessageContaining("binary");
    }
}
