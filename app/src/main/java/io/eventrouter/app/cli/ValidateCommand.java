package io.eventrouter.app.cli;

import io.eventrouter.config.file.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "validate", description = "Check a configuration file; exit 0 when valid, 2 when not.",
        mixinStandardHelpOptions = true)
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, defaultValue = ConfigFiles.DEFAULT_PATH, paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        var plan = loaded.plan();
        spec.commandLine().getOut().printf("%s: valid %s configuration: %s -> %s%n", config,
                loaded.format().name().toLowerCase(java.util.Locale.ROOT),
                plan.providers().stream().map(p -> p.type() + " " + p.displayName()).collect(Collectors.joining(", ")),
                plan.processors().stream().map(p -> p.type() + " " + p.displayName()).collect(Collectors.joining(", ")));
        return 0;
    }
}
