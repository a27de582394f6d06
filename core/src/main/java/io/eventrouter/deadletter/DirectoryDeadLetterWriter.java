package io.eventrouter.deadletter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.eventrouter.spi.DeliveryResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each dead-lettered event as one structured-JSON line to {@code <directory>/<processor>.jsonl}, fsync'd. */
public final class DirectoryDeadLetterWriter implements DeadLetterWriter {

    private static final EventFormat JSON = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private final Path file;
    private FileChannel channel;

    public DirectoryDeadLetterWriter(Path directory, String processorName) {
        this.file = directory.resolve(processorName.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    }

    @Override
    public synchronized DeliveryResult write(CloudEvent event) {
        byte[] json = JSON.serialize(event);
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
            return DeliveryResult.delivered(0);
        } catch (IOException e) {
            closeQuietly();
            return DeliveryResult.networkError(e);
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the data written so far is already forced to disk
            }
            channel = null;
        }
    }
}
