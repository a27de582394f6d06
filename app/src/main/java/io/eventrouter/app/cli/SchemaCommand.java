package io.eventrouter.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON schema of the configuration file (for editors and CI checks).")
public final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--markdown",
            description = "Print the configuration reference (Markdown) instead, as in docs/configuration.md.")
    boolean markdown;

    @Override
    public Integer call() throws Exception {
        if (markdown) {
            spec.commandLine().getOut().print(new io.eventrouter.config.file.ConfigReference(
                    io.eventrouter.spi.ConnectorRegistry.load()).render());
            spec.commandLine().getOut().flush();
            return 0;
        }
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ConfigFiles.loader().schema());
        spec.commandLine().getOut().println(json);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
