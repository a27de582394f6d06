package io.eventrouter.bench.hop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An nginx of its own (master in the foreground, workers below it) in a temporary prefix directory on 127.0.0.1:
 * either the sink that answers every request 202, or a reverse proxy to that sink over kept-alive connections — the
 * same hop the router makes, done by a server built for it.
 */
final class Nginx implements AutoCloseable {

    private final Process master;
    private final Path prefix;
    private final int port;

    private Nginx(Process master, Path prefix, int port) {
        this.master = master;
        this.prefix = prefix;
        this.port = port;
    }

    /** Answers 202 with no body to every request (the body is read and dropped). */
    static Nginx sink(Path nginx, int port, String workers) throws IOException, InterruptedException {
        return start(nginx, port, workers, """
                location / { return 202; }
                """);
    }

    /** {@code proxy_pass} to {@code upstreamPort}, HTTP/1.1 with a pool of kept-alive upstream connections. */
    static Nginx proxy(Path nginx, int port, String workers, int upstreamPort) throws IOException, InterruptedException {
        return start(nginx, port, workers, """
                location / {
                    proxy_pass http://sink;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                }
                """, """
                upstream sink {
                    server 127.0.0.1:%d;
                    keepalive 64;
                    keepalive_requests 100000000;
                }
                """.formatted(upstreamPort));
    }

    private static Nginx start(Path nginx, int port, String workers, String location, String... extra)
            throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("bench-nginx");
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process on;
                worker_processes %s;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    fastcgi_temp_path %s/fastcgi;
                    uwsgi_temp_path %s/uwsgi;
                    scgi_temp_path %s/scgi;
                    keepalive_requests 100000000;
                    keepalive_timeout 75s;
                    # batches of 100 events (~100 KB) stay in memory rather than in temporary files
                    client_max_body_size 16m;
                    client_body_buffer_size 1m;
                    %s
                    server {
                        listen 127.0.0.1:%d;
                        %s
                    }
                }
                """.formatted(workers, prefix, prefix, prefix, prefix, prefix, prefix, prefix,
                String.join("\n", extra), port, location));
        Process master = new ProcessBuilder(nginx.toString(), "-p", prefix.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        Nginx server = new Nginx(master, prefix, port);
        server.awaitListening();
        return server;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IOException("nginx exited with " + master.exitValue() + ": "
                        + Files.readString(prefix.resolve("logs/stdout.log")).strip());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    int port() {
        return port;
    }

    /** The master; its workers are its children. */
    ProcessHandle process() {
        return master.toHandle();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        master.destroy(); // SIGTERM: fast shutdown of master and workers
        if (!master.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            master.destroyForcibly();
            master.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
