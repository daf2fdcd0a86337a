package io.vigil.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil <command>}: one runnable jar for every component. */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Vigil: open-source security monitoring appliance.",
        subcommands = {AllInOneCommand.class, SearchCommand.class, StatusCommand.class, AlarmsCommand.class, AssetsCommand.class, DirectivesCommand.class, RulesCommand.class, PortsCommand.class, PluginsCommand.class, LoadgenCommand.class,
                CommandLine.HelpCommand.class})
public final class Vigil {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Vigil());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Expected failures (bad configuration, a port in use, an unreachable instance)
            // get one clear line; anything else is a bug and gets its stack trace.
            if (e instanceof UserFacingException || e instanceof io.vigil.core.config.ConfigException
                    || e instanceof io.vigil.core.net.PortUnavailableException) {
                cmd.getErr().println(cmd.getColorScheme().errorText("vigil: " + e.getMessage()));
                return 1;
            }
            throw e;
        });
        return cl;
    }
}
