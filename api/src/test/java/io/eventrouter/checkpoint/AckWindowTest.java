package io.eventrouter.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class AckWindowTest {

    @Test
    void safePositionNeverPassesAnOutstandingEvent() {
        AckWindow<String> window = new AckWindow<>();
        long a = window.append("a");
        long b = window.append("b");
        long c = window.append("c");
        assertThat(window.safePosition()).isEmpty();

        window.acknowledge(b);
        window.acknowledge(c);
        assertThat(window.safePosition()).isEmpty();

        window.acknowledge(a);
        assertThat(window.safePosition()).contains("c");
        assertThat(window.outstanding()).isZero();
    }

    @Test
    void fileStoreReplacesTheDocumentWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        FileCheckpointStore store = new FileCheckpointStore(dir.resolve("cp"));
        assertThat(store.read("cp-vc.json")).isEmpty();
        store.write("cp-vc.json", "{\"lastEventKey\":1}");
        store.write("cp-vc.json", "{\"lastEventKey\":2}");
        assertThat(store.read("cp-vc.json")).contains("{\"lastEventKey\":2}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cp/cp-vc.json"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir.resolve("cp"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cp-vc.json");
        }
    }
}
