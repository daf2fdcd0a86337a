package io.vigil.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.event.Json;
import io.vigil.loadgen.Corpus;
import io.vigil.loadgen.LoadOptions;
import io.vigil.loadgen.LoadRun;
import io.vigil.loadgen.MessageEncoder;
import io.vigil.loadgen.Protocol;
import io.vigil.loadgen.Report;
import io.vigil.loadgen.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "loadgen", description = {
        "Sends syslog from the fixture logs to a receiver over UDP, TCP, TLS or RELP, at a fixed rate or as fast as it takes,",
        "and reports sent, accepted, stored (asking the instance's API), lost, and the latency from sending to searchable."})
final class LoadgenCommand implements Callable<Integer> {
    @Mixin InstanceOptions instance;
    @Spec CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "Where to send, e.g. 127.0.0.1:514.")
    String target;
    @Option(names = "--protocol", defaultValue = "tcp", description = "udp, tcp, tls or relp (default ${DEFAULT-VALUE}).")
    String protocol;
    @Option(names = "--connections", defaultValue = "4", description = "Parallel connections (default ${DEFAULT-VALUE}).")
    int connections;
    @Option(names = "--rate", defaultValue = "0", description = "Messages per second over all connections; 0 = as fast as the target takes (default).")
    long rate;
    @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "DURATION", description = "How long to send: 30s, 10m, ...")
    Duration duration;
    @Option(names = "--count", defaultValue = "0", description = "How many messages to send (instead of --duration).")
    long count;
    @Option(names = "--fixtures", paramLabel = "DIR", description = "Fixture directory to read the corpus from (default: $VIGIL_FIXTURES, else ../shared/fixtures).")
    Path fixtures;
    @Option(names = "--corpus", paramLabel = "FILE", description = "Read the messages from this log file (a message per line) instead of the fixtures.")
    Path corpusFile;
    @Option(names = "--corpus-size", defaultValue = "100000", description = "Distinct messages prepared (default ${DEFAULT-VALUE}).")
    int corpusSize;
    @Option(names = "--attack-share", defaultValue = "0.01", description = "Share of messages that are SSH password guesses from a few addresses (default ${DEFAULT-VALUE}).")
    double attackShare;
    @Option(names = "--run", paramLabel = "NAME", description = "Run name (letters and digits); messages come from hosts lgNAME-0..15 (default: random).")
    String run;
    @Option(names = "--probes", defaultValue = "5", description = "Latency probes per second (default ${DEFAULT-VALUE}; 0 = none).")
    int probes;
    @Option(names = "--tls-ca", paramLabel = "FILE", description = "PEM certificate to trust for --protocol tls (default: the data directory's tls/syslog.crt if present, else the system's).")
    Path tlsCa;
    @Option(names = "--insecure", description = "TLS without checking the server's certificate (benchmarks against peers).")
    boolean insecure;
    @Option(names = "--relp-window", defaultValue = "1024", description = "Unacknowledged RELP frames per connection (default ${DEFAULT-VALUE}).")
    int relpWindow;
    @Option(names = "--settle", defaultValue = "30s", converter = DurationConverter.class, description = "After sending, how long to wait for the stored count to grow before calling the rest lost (default ${DEFAULT-VALUE}).")
    Duration settle;
    @Option(names = "--peer", description = "The target is not Vigil: do not ask an API (no stored count, no latency).")
    boolean peer;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--csv", paramLabel = "FILE", description = "Also write events per second (stored, or sent for --peer) as CSV: system,seconds,events_per_second.")
    Path csv;
    @Option(names = "--label", defaultValue = "vigil", description = "The system name in the CSV (default ${DEFAULT-VALUE}).")
    String label;
    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) throw new UserFacingException("--format must be text or json");
        int colon = target.lastIndexOf(':');
        if (colon <= 0) throw new UserFacingException("--target must be HOST:PORT, not " + target);
        String host = target.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserFacingException("--target: not a port: " + target.substring(colon + 1));
        }
        Path dir = fixtures != null ? fixtures : Path.of(System.getenv().getOrDefault("VIGIL_FIXTURES", "../shared/fixtures"));
        if (corpusFile == null && !Files.isDirectory(dir)) throw new UserFacingException("no fixture directory at " + dir.toAbsolutePath() + ": pass --fixtures DIR or --corpus FILE");
        if (corpusFile != null && !Files.isReadable(corpusFile)) throw new UserFacingException("cannot read --corpus " + corpusFile);
        String runName = run != null ? run : randomRun();
        Path trust = tlsCa;
        if (trust == null && !insecure && Protocol.of(protocol) == Protocol.TLS) {
            Path own = new io.vigil.core.config.DataDir(instance.data.resolve()).tls().resolve("syslog.crt");
            if (Files.isReadable(own)) trust = own;
        }
        LoadOptions o;
        try {
            o = new LoadOptions(host, port, Protocol.of(protocol), connections, rate, duration, count, dir, attackShare, runName,
                    peer ? 0 : probes, trust, insecure, relpWindow, settle);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(e.getMessage());
        }
        Corpus corpus = corpusFile != null ? Corpus.loadFile(corpusFile, corpusSize, attackShare, runName.hashCode())
                : Corpus.load(dir, corpusSize, attackShare, runName.hashCode());
        Target t = peer ? null : new ApiTarget(instance.client(), runName);
        PrintStream progress = quiet ? null : System.err;
        Report r = new LoadRun(o, corpus, t, progress).run();
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.toJson()));
        else out.print(r.toText());
        out.flush();
        if (csv != null) writeCsv(r);
        return 0;
    }

    private void writeCsv(Report r) throws IOException {
        StringBuilder b = new StringBuilder("system,seconds,events_per_second\n");
        for (Report.Second s : r.series()) b.append(label).append(',').append(s.second()).append(',').append(s.stored() >= 0 ? s.stored() : s.sent()).append('\n');
        Files.writeString(csv, b.toString());
    }

    private static String randomRun() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom rnd = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return b.toString();
    }

    /** A run's events and probes, counted and found through the API. */
    private record ApiTarget(ApiClient api, String run) implements Target {
        @Override
        public long stored() {
            // the raw log keeps the host even when a decoder reads another from the message
            return api.get("/api/v1/events/count", Map.of("q", "lg" + run)).path("count").asLong();
        }

        @Override
        public Set<Long> probesSeen(Collection<Long> wanted, long receivedSince) {
            // By number (the probe's pid): only blocks holding one of them are read
            String numbers = wanted.stream().map(n -> "procid:" + MessageEncoder.probePid(n)).collect(Collectors.joining(" OR "));
            JsonNode r = api.get("/api/v1/events", Map.of("q", "app:vigilprobe AND host:" + MessageEncoder.hostPrefix(run) + "p"
                            + " AND received:[" + receivedSince + " TO *] AND (" + numbers + ")",
                    "limit", String.valueOf(wanted.size()), "order", "desc"));
            Set<Long> seen = new HashSet<>();
            for (JsonNode e : r.path("events")) {
                long seq = MessageEncoder.probeSeq(e.path("procid").asText());
                if (seq >= 0) seen.add(seq);
            }
            return seen;
        }
    }

    /** A duration as the settings write them (30s, 10m, ...). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return io.vigil.core.config.Settings.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
