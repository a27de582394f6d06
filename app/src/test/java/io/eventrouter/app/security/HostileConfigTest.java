package io.eventrouter.app.security;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.eventrouter.testing.FreePorts;
import io.eventrouter.testing.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.eventrouter.app.security.HostileConfigs.V1ALPHA1;
import static io.eventrouter.app.security.HostileConfigs.v1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The red team's bad configurations that got through, and variants: each is refused by {@code validate} (and where
 * the router used to start and fail with a Java exception, by the start too) with exit 2 and one line naming the
 * file, the field and the problem.
 */
class HostileConfigTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreTestLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    // YAML aliases: the parser handed "*pw" over as the text "pw"

    @Test
    void anAliasedPasswordIsRefusedNotReadAsTheAnchorName() throws Exception {
        Path config = write(v1("auth: {type: basic_auth, basicAuth: {username: u, password: *pw}}", "",
                "").replace("metadata: {name: hostile}", "metadata: {name: &pw hostile}"));
        refused(config, "eventProviders[0].webhook.auth.basicAuth.password (line 9,", "YAML aliases (*pw)");
    }

    @Test
    void anAliasedPathAndAMergeKeyAreRefused() throws Exception {
        refused(write(v1("path: *hookpath", "", "").replace("name: hook", "name: &hookpath hook")),
                "eventProviders[0].webhook.path (line 9,", "YAML aliases (*hookpath)");
        refused(write(v1("", "", "").replace("    knative:\n", "    knative:\n      <<: *base\n")
                        .replace("metadata: {name: hostile}", "metadata: &base {name: hostile}")),
                "eventProcessors[0].knative.<< (line", "YAML aliases (*base)");
    }

    @Test
    void anAliasInTheOriginalFormatIsRefusedToo() throws Exception {
        refused(write(V1ALPHA1.replace("type: knative", "type: *t").replace("type: webhook", "type: &t webhook")),
                "eventProcessor.type (line", "YAML aliases (*t)");
    }

    // size: a 20 MB scalar took the YAML parser 157 s

    @Test
    void aHugeFileIsRefusedBeforeItIsParsed() throws Exception {
        String huge = V1ALPHA1.replace("metadata: {name: hostile}", "metadata: {name: \"" + "x".repeat(60_000_000) + "\"}");
        refused(write(huge), "the file is larger than 1048576 bytes");
    }

    @Test
    void aDeviceOrADirectoryAsTheFileIsRefused() {
        refused(Path.of("/dev/zero"), "the file is larger than 1048576 bytes");
        refused(dir, "cannot read");
    }

    @Test
    void aSecretFileThatIsADeviceIsRefused() throws Exception {
        refused(write(v1("auth: {type: basic_auth, basicAuth: {username: u, password: \"${file:/dev/zero}\"}}", "",
                "")), "eventProviders[0].webhook.auth.basicAuth.password", "/dev/zero: not a regular file");
    }

    // validate passed these, and the start failed with a Java exception and exit 1

    @Test
    void aGarbagePemCertificateOrKeyIsRefused() throws Exception {
        TestCertificates.Pair good = TestCertificates.selfSigned(dir, "good");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        Path cert = write(v1("tls: {certFile: " + garbage + ", keyFile: " + good.key() + "}", "", ""));
        refusedAlsoAtStart(cert, "eventProviders[0].webhook.tls.certFile (line", "no PEM certificate in " + garbage);
        Path key = write(v1("tls: {certFile: " + good.cert() + ", keyFile: " + garbage + "}", "", ""));
        refusedAlsoAtStart(key, "eventProviders[0].webhook.tls.keyFile (line", "no usable PEM private key in " + garbage);
        Path metrics = write(V1ALPHA1.replace("default: {bindAddress: \"127.0.0.1:0\"}",
                "default: {bindAddress: \"127.0.0.1:0\", tls: {certFile: " + good.cert() + ", keyFile: " + good.cert()
                        + "}}"));
        refusedAlsoAtStart(metrics, "metricsProvider.default.tls.keyFile (line", "no usable PEM private key");
    }

    @Test
    void aRootCaThatIsNoCertificateIsRefused() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.txt"), "just some text\n");
        Path config = write(V1ALPHA1 + "certificates:\n  rootCAs: [" + notPem + "]\n");
        refusedAlsoAtStart(config, "certificates.rootCAs[0] (line", "no PEM or DER certificate in " + notPem);
    }

    @Test
    void aJournalDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("journal"), "x");
        Path config = write(v1("journal: {directory: " + file + "}", "", ""));
        refusedAlsoAtStart(config, "eventProviders[0].webhook.journal.directory (line", "is not a directory: " + file);
        Path below = write(v1("journal: {directory: " + file.resolve("sub") + "}", "", ""));
        refusedAlsoAtStart(below, "eventProviders[0].webhook.journal.directory", file + " is not a directory");
    }

    @Test
    void theWebhookAndTheMetricsServerOnOnePortAreRefused() throws Exception {
        int port = FreePorts.next();
        Path config = write(V1ALPHA1.replace("webhook: {bindAddress: \"127.0.0.1:0\"}",
                "webhook: {bindAddress: \"127.0.0.1:" + port + "\"}").replace("default: {bindAddress: \"127.0.0.1:0\"}",
                "default: {bindAddress: \"0.0.0.0:" + port + "\"}"));
        refusedAlsoAtStart(config, "metricsProvider.default.bindAddress (line", "port " + port
                + " is also taken by eventProvider.webhook.bindAddress");
    }

    @Test
    void twoWebhooksOnOnePortAreRefusedAndDistinctAddressesAreNot() throws Exception {
        int port = FreePorts.next();
        String second = """
                  - type: webhook
                    name: hook2
                    webhook: {bindAddress: "%s:%d"}
                eventProcessors:
                """;
        String one = v1("", "", "").replaceFirst("127.0.0.1:0", "127.0.0.1:" + port);
        refused(write(one.replace("eventProcessors:\n", second.formatted("127.0.0.1", port))),
                "eventProviders[1].webhook.bindAddress (line 12,", "is also taken by eventProviders[0].webhook.bindAddress");
        HostileConfigs.Run apart = HostileConfigs.validate(write(one.replace("eventProcessors:\n",
                second.formatted("127.0.0.2", port))));
        assertThat(apart.exitCode()).as(apart.err()).isZero();
    }

    // filters nested beyond reason: 20,000 parentheses ended the process with a StackOverflowError trace and exit 1

    @Test
    void deeplyNestedFiltersAreOneLineNotAStackOverflow() throws Exception {
        String parentheses = "(".repeat(20_000) + "true" + ")".repeat(20_000);
        refusedAlsoAtStart(write(v1("", "", "filters: [{cesql: \"" + parentheses + "\"}]")),
                "eventProcessors[0].filters[0].cesql (line", "at most 4096");
        String shortButDeep = "(".repeat(1000) + "true" + ")".repeat(1000);
        refused(write(v1("", "", "filters: [{cesql: \"" + shortButDeep + "\"}]")),
                "eventProcessors[0].filters[0].cesql (line", "nested 1000 levels deep; at most 64");
        String deepDialects = "{not: ".repeat(5_000) + "{exact: {type: t}}" + "}".repeat(5_000);
        refusedAlsoAtStart(write(v1("", "", "filters: [" + deepDialects + "]")),
                "eventProcessors[0].filters[0].not.not.", "nested more than 64 levels deep");
        String deepPattern = "{a: ".repeat(5_000) + "[1]" + "}".repeat(5_000);
        refused(write(v1("", "", "filters: [{pattern: " + deepPattern + "}]")),
                "eventProcessors[0].filters[0].pattern.a.a.", "nested more than 64 levels deep");
    }

    // found at load, not at the first dead letter

    @Test
    void aDeadLetterDirectoryThatCannotBeWrittenIsRefused() throws Exception {
        // not writable even for root (these tests may run as root, for whom permission bits are no obstacle)
        Path unwritable = Path.of("/proc/self/dead-letters");
        refused(write(v1("", "", "delivery: {deadLetterSink: {directory: " + unwritable + "}}")),
                "eventProcessors[0].delivery.deadLetterSink.directory (line", "cannot create directory " + unwritable
                        + ": /proc/self is not writable");
        Path file = Files.writeString(dir.resolve("letters"), "x");
        refused(write(v1("", "", "delivery: {deadLetterSink: {directory: " + file + "}}")),
                "eventProcessors[0].delivery.deadLetterSink.directory (line", "is not a directory: " + file);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), yaml);
    }

    private static void refused(Path config, String... expected) {
        HostileConfigs.Run run = HostileConfigs.validate(config);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        HostileConfigs.assertOneLine(run, config);
        assertThat(run.err()).contains(expected);
    }

    private static void refusedAlsoAtStart(Path config, String... expected) {
        refused(config, expected);
        HostileConfigs.Run start = HostileConfigs.run("--config", config.toString());
        assertThat(start.exitCode()).as(start.err()).isEqualTo(2);
        assertThat(start.err()).contains(expected);
    }
}
