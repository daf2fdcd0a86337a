package io.vigil.app;

import io.vigil.core.contract.Flow;
import io.vigil.core.contract.Format;
import io.vigil.core.contract.Mode;
import io.vigil.core.contract.NetworkContract;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code vigil ports}: the firewall contract of one deployment, from the network contract. */
@Command(name = "ports", sortOptions = false,
        description = "Print the network contract of a deployment: every port and outbound URL its firewall must allow, "
                + "as a table, an nftables ruleset, iptables-restore input or JSON. Nothing is applied or sent.",
        footer = {"", "Examples:",
            "  vigil ports --mode sensor --format nftables > vigil.nft && nft -c -f vigil.nft",
            "  vigil ports --mode server --without otx,maps --link-port 34000"})
public final class PortsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "all-in-one", converter = ModeConverter.class,
            completionCandidates = ModeCandidates.class,
            description = "Deployment: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--link-port", paramLabel = "N",
            description = "Port of the Sensor-Server link (default: the contract's link port). No effect in all-in-one, which has no link.")
    Integer linkPort;

    @Option(names = "--without", paramLabel = "FEATURE", split = ",",
            description = "Features turned off, comma-separated (e.g. otx,maps,remote-support); their rows leave the output.")
    List<String> without = new ArrayList<>();

    @Option(names = "--with-legacy-scanner",
            description = "Include the scanner's legacy 9391/tcp listener (off by default: the scanner uses a Unix socket).")
    boolean legacyScanner;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            completionCandidates = FormatCandidates.class,
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        NetworkContract contract = NetworkContract.standard();
        if (linkPort != null && (linkPort < 1 || linkPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--link-port': " + linkPort
                    + " is not a port (1-65535)");
        }
        Set<String> off = new LinkedHashSet<>();
        for (String w : without) {
            if (!w.isBlank()) off.add(w.strip());
        }
        Map<String, Integer> overrides = linkPort == null ? Map.of() : Map.of(NetworkContract.LINK_FEATURE, linkPort);
        List<Flow> flows;
        try {
            flows = contract.forDeployment(mode, off, overrides, legacyScanner);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--without': " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(format.render(mode, flows, contract.notes()));
        out.flush();
        return 0;
    }

    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            try {
                return Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ModeCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Mode.values()).map(Mode::id).iterator();
        }
    }

    static final class FormatCandidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Format.values()).map(Format::id).iterator();
        }
    }
}
