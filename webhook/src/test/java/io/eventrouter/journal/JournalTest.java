package io.eventrouter.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Journal.Cursor cursor) throws Exception {
        List<String> read = new ArrayList<>();
        List<JournalEntry> entries;
        while (!(entries = cursor.next(100, Duration.ofMillis(50))).isEmpty()) {
            entries.forEach(e -> read.add(e.sequence() + ":" + new String(e.payload(), StandardCharsets.UTF_8)));
        }
        return read;
    }

    @Test
    void recordsAreReadBackInOrderAndUnacknowledgedOnesAgainAfterReopening(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, 1 << 20, 1 << 16)) {
            journal.append(List.of(bytes("a"), bytes("b")));
            journal.append(List.of(bytes("c")));
            assertThat(drain(journal.cursor())).containsExactly("1:a", "2:b", "3:c");
            journal.acknowledgeUpTo(2);
        }
        try (Journal reopened = Journal.open(dir, 1 << 20, 1 << 16)) {
            assertThat(drain(reopened.cursor())).containsExactly("3:c");
            reopened.append(List.of(bytes("d")));
            assertThat(drain(reopened.cursor())).containsExactly("3:c", "4:d");
        }
    }

    @Test
    void aTornTailFromACrashIsCutOff(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, 1 << 20, 1 << 16)) {
            journal.append(List.of(bytes("whole")));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        long validSize = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[]{0, 0, 0, 50, 1, 2, 3}));
        }
        try (Journal reopened = Journal.open(dir, 1 << 20, 1 << 16)) {
            assertThat(Files.size(segment)).isEqualTo(validSize);
            assertThat(drain(reopened.cursor())).containsExactly("1:whole");
            reopened.append(List.of(bytes("next")));
            assertThat(drain(reopened.cursor())).containsExactly("1:whole", "2:next");
        }
    }

    @Test
    void refusesAppendsBeyondItsLimitAndDeletesDeliveredSegments(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, 550, 100)) {
            for (int i = 0; i < 5; i++) {
                journal.append(List.of(new byte[84]));
            }
            assertThatThrownBy(() -> journal.append(List.of(new byte[84]))).isInstanceOf(Journal.FullException.class);
            assertThat(drain(journal.cursor())).hasSize(5);
            journal.acknowledgeUpTo(4);
            assertThat(journal.bytes()).isEqualTo(100);
            journal.append(List.of(new byte[84]));
            assertThat(segmentCount(dir)).isEqualTo(2);
        }
    }

    @Test
    void concurrentAppendsAreAllDurableAndNumberedWithoutGaps(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir, 1 << 24, 1 << 14)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        try {
                            journal.append(List.of(bytes(id + "-" + i)));
                        } catch (IOException | Journal.FullException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
        }
        try (Journal reopened = Journal.open(dir, 1 << 24, 1 << 14)) {
            List<String> all = drain(reopened.cursor());
            assertThat(all).hasSize(800);
            assertThat(all.stream().map(s -> Long.parseLong(s.substring(0, s.indexOf(':'))))).isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    private static long segmentCount(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).count();
        }
    }
}
