package io.eventrouter.app.cli;

import io.cloudevents.CloudEvent;
import io.eventrouter.app.cli.EventFiles.BadEventFile;
import io.eventrouter.app.cli.EventFiles.SourcedEvent;
import io.eventrouter.config.EventEncoding;
import io.eventrouter.http.ClientTls;
import io.eventrouter.http.CloudEventSender;
import io.eventrouter.http.EventHttpClient;
import io.eventrouter.spi.DeliveryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Sends sample events to a function, to test it without a vCenter. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Send CloudEvents from files (one event, a JSON array or JSON lines; - reads standard input) to "
                + "a function or any CloudEvents endpoint, one at a time and in order. Exit 0 when every event was "
                + "accepted (2xx), 1 when one was not, 2 when a file is not valid (then nothing is sent).")
public final class SendCommand implements Callable<Integer> {

    static final int NOT_ACCEPTED = 1;
    static final int BAD_FILE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "URL", description = "The function's URL.")
    URI to;

    @Option(names = "--encoding", defaultValue = "binary", paramLabel = "MODE",
            description = "binary (attributes in ce- headers, as the router's knative processor sends them by "
                    + "default in VEBA) or structured (the whole event as JSON) (default: ${DEFAULT-VALUE}).")
    EventEncoding encoding;

    @Option(names = "--timeout", defaultValue = "PT30S", paramLabel = "DURATION",
            description = "Timeout of each request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--insecure", description = "Skip TLS certificate and host name checks (self-signed functions).")
    boolean insecure;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files; - is the standard input.")
    List<String> files;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (to.getScheme() == null || !List.of("http", "https").contains(to.getScheme().toLowerCase(Locale.ROOT))) {
            err.println("error: --to must be an http or https URL, not " + to);
            return BAD_FILE;
        }
        List<SourcedEvent> events = new ArrayList<>();
        try {
            for (String file : files) {
                events.addAll(EventFiles.read(file, System.in));
            }
        } catch (BadEventFile e) {
            err.println("error: " + e.getMessage());
            return BAD_FILE;
        }
        int refused = 0;
        try (EventHttpClient client = EventHttpClient.start(ClientTls.systemDefault().context(insecure), insecure,
                Duration.ofSeconds(10))) {
            CloudEventSender sender = new CloudEventSender(client, encoding, null);
            for (SourcedEvent sourced : events) {
                DeliveryResult result = sender.send(to, sourced.event(), timeout);
                out.println(describe(sourced, result));
                out.flush();
                if (!result.isDelivered()) {
                    refused++;
                }
            }
        }
        out.printf("%d of %d events accepted by %s (%s mode)%n", events.size() - refused, events.size(), to,
                encoding.wireName());
        return refused == 0 ? 0 : NOT_ACCEPTED;
    }

    /** {@code file#n id subject: 204} or {@code ...: 500 (retryable) detail}. */
    private static String describe(SourcedEvent sourced, DeliveryResult result) {
        CloudEvent event = sourced.event();
        String name = event.getSubject() != null ? event.getSubject() : event.getType();
        String status = result.statusCode() == 0 ? "no answer" : String.valueOf(result.statusCode());
        String line = sourced.where() + " " + event.getId() + " " + name + ": " + status;
        if (result.isDelivered()) {
            return line;
        }
        String kind = result.status().name().toLowerCase(Locale.ROOT);
        String detail = result.detail().strip().replaceAll("\\s+", " ");
        if (detail.length() > 300) {
            detail = detail.substring(0, 300) + "…";
        }
        return line + " (" + kind + ")" + (detail.isEmpty() ? "" : " " + detail);
    }
}
