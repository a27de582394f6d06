package io.eventrouter.app.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.eventrouter.config.ConfigException;
import io.eventrouter.config.ConfigNode.MapNode;
import io.eventrouter.config.ConfigNodes;
import io.eventrouter.config.file.ApiVersion;
import io.eventrouter.config.file.ConfigFormat;
import io.eventrouter.config.file.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Print a configuration as YAML RouterConfig of another version.",
                "Without --to: the original's JSON becomes v1alpha1 (what the original's later versions read too), "
                        + "a v1alpha1 file becomes v1 (several providers and processors, filters)."})
public final class ConvertCommand implements Callable<Integer> {

    /** The versions {@code --to} accepts. */
    enum Target {
        v1alpha1(ApiVersion.V1ALPHA1), v1(ApiVersion.V1);

        final ApiVersion version;

        Target(ApiVersion version) {
            this.version = version;
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    @Spec
    CommandSpec spec;

    @Option(names = {"--config", "-config"}, required = true, paramLabel = "FILE", description = "The file to convert.")
    Path config;

    @Option(names = "--to", paramLabel = "VERSION",
            description = "v1alpha1 (event-router.vmware.com/v1alpha1) or v1 (eventrouter.io/v1).")
    Target to;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Loaded loaded = ConfigFiles.load(config, spec.commandLine().getErr());
        if (loaded == null) {
            return ConfigFiles.BAD_CONFIG;
        }
        ApiVersion target = to != null ? to.version
                : loaded.format() == ConfigFormat.LEGACY_JSON ? ApiVersion.V1ALPHA1 : ApiVersion.V1;
        MapNode tree;
        try {
            tree = ConfigFiles.loader().convert(loaded, target);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("error: " + e.inFile(config.toString()).getMessage());
            spec.commandLine().getErr().flush();
            return ConfigFiles.BAD_CONFIG;
        }
        if (target == ApiVersion.V1 && loaded.format() != ConfigFormat.V1) {
            spec.commandLine().getOut().println("# converted from " + config.getFileName() + "; /stats entries are "
                    + "keyed by name (not by type) in this version");
        }
        spec.commandLine().getOut().print(YAML.writeValueAsString(ConfigNodes.toJson(tree)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
