package io.eventrouter.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Commands about the replicas of a router that share its providers (highAvailability). */
@Command(name = "cluster", description = "Show how the replicas of a highly available router share its providers.",
        mixinStandardHelpOptions = true, subcommands = ClusterStatusCommand.class)
public final class ClusterCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, as for any other command-line mistake (exit 2). */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: cluster status --config FILE");
    }
}
