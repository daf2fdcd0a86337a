package io.vigil.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "all-in-one", description = {"Runs Server and Sensor in one process.",
        "Opens only the collectors' ports and the API/console; the two halves talk in memory."})
final class AllInOneCommand implements Callable<Integer> {
    @Mixin DataOption data;
    @Spec CommandSpec spec;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides a configuration key (repeatable); see docs/configuration.md.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AllInOne vigil = AllInOne.start(data.resolve(), overrides, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            vigil.close();
            stopped.countDown();
        }));
        out.printf("Vigil all-in-one is running. Data: %s%n", vigil.data().root());
        vigil.listeners().forEach((name, port) -> out.printf("  %-11s listening on port %d%n", name, port));
        out.printf("  API         %s  (token: %s)%n", vigil.apiUrl(), vigil.data().adminToken());
        out.printf("Try: logger -n 127.0.0.1 -P %d -T \"hello vigil\" && ./vigil search hello --data %s%n",
                vigil.listeners().getOrDefault("syslog-tcp", 514), vigil.data().root());
        out.flush();
        stopped.await();
        return 0;
    }
}
