package io.eventrouter.app.cli;

import picocli.CommandLine.Command;

/** Commands about the replicas of a router that share its providers (highAvailability). */
@Command(name = "cluster", description = "Show how the replicas of a highly available router share its providers.",
        mixinStandardHelpOptions = true, subcommands = ClusterStatusCommand.class)
public final class ClusterCommand {
}
