package io.eventrouter.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.cloudevents.CloudEvent;
import io.eventrouter.app.cli.EventFiles.BadEventFile;
import io.eventrouter.spi.EventTypeCatalog;
import io.eventrouter.spi.EventTypeCatalog.DataField;
import io.eventrouter.spi.EventTypeCatalog.EventType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "event-types", mixinStandardHelpOptions = true,
        description = {"List the vCenter event types the router knows (the event classes of its vim25 schema, plus "
                + "EventEx/ExtendedEvent ids seen in --events files) with their data fields; or print a Knative "
                + "EventType manifest or Trigger skeleton for one of them.",
                "Examples: event-types --match VmPowered; event-types --eventtype VmPoweredOnEvent "
                        + "--source https://vc.example.com/sdk; event-types --trigger VmPoweredOnEvent"})
public final class EventTypesCommand implements Callable<Integer> {

    static final int BAD_INPUT = 2;

    /** The provider type whose events are listed. */
    private static final String PROVIDER = "vcenter";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "Show this type with its data fields.")
    String type;

    @Option(names = "--match", paramLabel = "TEXT", description = "Only types whose name contains TEXT (any case).")
    String match;

    @Option(names = "--events", paramLabel = "FILE", description = "CloudEvents the router delivered (one event, "
            + "a JSON array or JSON lines, e.g. a dead-letter file); their EventEx and ExtendedEvent ids are added.")
    List<String> eventFiles = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", description = "Add an EventEx id not seen yet (with --category "
            + "extendedevent: an ExtendedEvent id).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--category", defaultValue = "eventex", paramLabel = "CATEGORY",
            description = "Category of the --id values: eventex or extendedevent (default: ${DEFAULT-VALUE}).")
    String category;

    @ArgGroup(exclusive = true)
    Manifest manifest;

    static final class Manifest {
        @Option(names = "--eventtype", paramLabel = "TYPE", description = "Print a Knative EventType for TYPE.")
        String eventType;

        @Option(names = "--trigger", paramLabel = "TYPE", description = "Print a Knative Trigger for TYPE.")
        String trigger;
    }

    @Option(names = "--format", defaultValue = "router", paramLabel = "FORMAT",
            description = "The vcenter provider's format the manifests match: router or vsphere "
                    + "(default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--api-version", defaultValue = "v1beta3", paramLabel = "VERSION",
            description = "EventType API version: v1beta3 (Knative 1.14 and later) or v1beta2 "
                    + "(default: ${DEFAULT-VALUE}).")
    String apiVersion;

    @Option(names = "--broker", defaultValue = "default", description = "Broker name (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--namespace", description = "Namespace of the manifests (default: none, kubectl's).")
    String namespace;

    @Option(names = "--source", paramLabel = "URL", description = "The vCenter's SDK URL, the events' source "
            + "(e.g. https://vc.example.com/sdk).")
    String source;

    @Option(names = "--subscriber", defaultValue = "my-function",
            description = "Knative Service the Trigger sends to (default: ${DEFAULT-VALUE}).")
    String subscriber;

    @Option(names = "--json", description = "List as JSON, with every field.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!apiVersion.equals("v1beta3") && !apiVersion.equals("v1beta2")) {
            err.println("error: --api-version must be v1beta3 or v1beta2, not " + apiVersion);
            return BAD_INPUT;
        }
        Optional<EventTypeCatalog> bundled = EventTypeCatalog.of(PROVIDER);
        if (bundled.isEmpty()) {
            err.println("error: the " + PROVIDER + " provider is not in this build");
            return BAD_INPUT;
        }
        EventTypeCatalog catalogue = bundled.get();
        if (!catalogue.idCategories().contains(category)) {
            err.println("error: --category of an --id must be " + String.join(" or ", catalogue.idCategories()));
            return BAD_INPUT;
        }
        if (!catalogue.formats().contains(format)) {
            err.println("error: --format must be " + String.join(" or ", catalogue.formats()));
            return BAD_INPUT;
        }
        try {
            List<CloudEvent> seen = new ArrayList<>();
            for (String file : eventFiles) {
                EventFiles.read(file, System.in).forEach(sourced -> seen.add(sourced.event()));
            }
            catalogue = catalogue.withIdsSeenIn(seen);
        } catch (BadEventFile e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        }
        for (String id : ids) {
            catalogue = catalogue.withId(id, category);
        }
        if (manifest != null) {
            String name = manifest.eventType != null ? manifest.eventType : manifest.trigger;
            Optional<EventType> chosen = find(catalogue, name, err);
            if (chosen.isEmpty()) {
                return BAD_INPUT;
            }
            KnativeManifests.Target target = new KnativeManifests.Target(broker, namespace, source, format);
            ObjectNode resource = manifest.eventType != null
                    ? KnativeManifests.eventType(chosen.get(), target, apiVersion)
                    : KnativeManifests.trigger(chosen.get(), target, subscriber);
            out.print(yaml().writeValueAsString(resource));
            out.flush();
            return 0;
        }
        if (type != null) {
            Optional<EventType> chosen = find(catalogue, type, err);
            if (chosen.isEmpty()) {
                return BAD_INPUT;
            }
            print(out, chosen.get(), catalogue.formats());
            return 0;
        }
        List<EventType> listed = catalogue.types().stream()
                .filter(t -> match == null || t.name().toLowerCase(Locale.ROOT).contains(match.toLowerCase(Locale.ROOT)))
                .toList();
        if (json) {
            ArrayNode array = new ObjectMapper().createArrayNode();
            listed.forEach(t -> array.add(toJson(t)));
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            for (EventType t : listed) {
                out.println(t.name() + " (" + t.category() + (t.base() == null ? "" : ", a " + t.base())
                        + "): " + t.fields().stream().map(DataField::name).collect(Collectors.joining(", ")));
            }
        }
        out.flush();
        return 0;
    }

    private static Optional<EventType> find(EventTypeCatalog catalogue, String name, PrintWriter err) {
        Optional<EventType> found = catalogue.find(name);
        if (found.isEmpty()) {
            err.println("error: unknown event type " + name + " (list them with event-types --match; an EventEx id "
                    + "not seen yet can be added with --id " + name + ")");
        }
        return found;
    }

    private static void print(PrintWriter out, EventType type, List<String> formats) {
        out.println(type.name() + " (" + type.category() + (type.base() == null ? "" : ", a " + type.base())
                + ")");
        out.println("  CloudEvent type: " + formats.stream()
                .map(format -> type.cloudEventType(format) + " (format " + format + ")")
                .collect(Collectors.joining(", ")) + "; subject: " + type.name());
        out.println("  data fields:");
        for (DataField field : type.fields()) {
            out.println("    " + field.name() + ": " + (field.array() ? "[]" : "") + field.type()
                    + (field.nullable() ? " (may be null)" : ""));
        }
        out.flush();
    }

    private static ObjectNode toJson(EventType type) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("name", type.name()).put("category", type.category()).put("base", type.base());
        ArrayNode fields = node.putArray("fields");
        for (DataField field : type.fields()) {
            fields.addObject().put("name", field.name()).put("type", field.type()).put("array", field.array())
                    .put("nullable", field.nullable());
        }
        return node;
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.SPLIT_LINES));
    }
}
