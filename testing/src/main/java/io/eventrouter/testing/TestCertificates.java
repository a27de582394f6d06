package io.eventrouter.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Self-signed certificates for TLS tests, made with the openssl command line (as users make theirs). */
public final class TestCertificates {

    /** A certificate for 127.0.0.1/localhost and its PKCS#8 key. */
    public record Pair(Path cert, Path key) {
    }

    private TestCertificates() {
    }

    public static Pair selfSigned(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString()));
        return new Pair(cert, key);
    }

    /** The same key in the traditional PKCS#1 "RSA PRIVATE KEY" form. */
    public static Path toPkcs1(Path pkcs8Key) throws IOException, InterruptedException {
        Path out = pkcs8Key.resolveSibling(pkcs8Key.getFileName() + ".pkcs1.pem");
        run(List.of("openssl", "rsa", "-traditional", "-in", pkcs8Key.toString(), "-out", out.toString()));
        return out;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
