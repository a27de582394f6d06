package io.eventrouter.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointClaimsTest {

    @Test
    void twoProvidersCannotShareACheckpointFileButMayShareADirectory(@TempDir Path dir) throws IOException {
        CheckpointClaims claims = new CheckpointClaims();
        CheckpointStore a = claims.store("vc-a", dir, new FileCheckpointStore(dir));
        CheckpointStore b = claims.store("vc-b", dir.resolve("."), new FileCheckpointStore(dir));

        a.write("cp-vc.local.json", "{\"a\":1}");
        b.write("cp-other.local.json", "{\"b\":1}");

        assertThatThrownBy(() -> b.write("cp-vc.local.json", "{\"b\":2}")).isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to provider vc-a");
        assertThatThrownBy(() -> b.read("cp-vc.local.json")).isInstanceOf(IOException.class);
        assertThat(a.read("cp-vc.local.json")).contains("{\"a\":1}");
    }
}
