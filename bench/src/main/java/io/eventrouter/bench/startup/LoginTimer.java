package io.eventrouter.bench.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay in front of a plain-HTTP vcsim that measures how long a client waits for vCenter's answer to its SOAP
 * {@code Login}: from the request bytes holding {@code <Login } to the first bytes of the answer on that connection.
 * That is vCenter's share of a vCenter provider's start-up, which the start-up goal excludes.
 */
final class LoginTimer implements AutoCloseable {

    private static final byte[] LOGIN = "<Login ".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final int target;
    private final AtomicLong sentAt = new AtomicLong();
    private final AtomicLong answeredAt = new AtomicLong();

    private LoginTimer(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    static LoginTimer start(int targetPort) throws IOException {
        LoginTimer timer = new LoginTimer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread.ofVirtual().name("login-timer").start(timer::accept);
        return timer;
    }

    int port() {
        return server.getLocalPort();
    }

    void reset() {
        sentAt.set(0);
        answeredAt.set(0);
    }

    /** The last Login's wait in milliseconds, 0 when none was answered since {@link #reset()}. */
    long millis() {
        long sent = sentAt.get();
        long answered = answeredAt.get();
        return sent == 0 || answered < sent ? 0 : (answered - sent) / 1_000_000;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                AtomicBoolean loginSent = new AtomicBoolean();
                Thread.ofVirtual().start(() -> copy(client, upstream, true, loginSent));
                Thread.ofVirtual().start(() -> copy(upstream, client, false, loginSent));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void copy(Socket from, Socket to, boolean request, AtomicBoolean loginSent) {
        // the first bytes hold the previous read's last few, so that a marker split between two reads is found
        int carried = LOGIN.length - 1;
        byte[] buffer = new byte[carried + 64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer, carried, buffer.length - carried)) >= 0) {
                long now = System.nanoTime();
                if (request && contains(buffer, carried + read, LOGIN)) {
                    sentAt.set(now);
                    loginSent.set(true);
                } else if (!request && loginSent.getAndSet(false)) {
                    answeredAt.set(now);
                }
                out.write(buffer, carried, read);
                out.flush();
                System.arraycopy(buffer, read, buffer, 0, carried);
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
