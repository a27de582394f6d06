package io.eventrouter.app.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.file.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Print a configuration as YAML RouterConfig, e.g. to move from the original's JSON format.")
public final class ConvertCommand implements Callable<Integer> {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, required = true, paramLabel = "FILE", description = "The file to convert.")
    Path config;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        spec.commandLine().getOut().print(YAML.writeValueAsString(ConfigNodes.toJson(loaded.tree())));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
