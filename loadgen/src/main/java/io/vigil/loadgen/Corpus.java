package io.vigil.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages a load run sends: real log lines (the fixture logs listed in
 * {@code logs/INDEX.tsv}, and the OSSIM samples), each split into program, pid and message,
 * with every IPv4 address rewritten to one of a varied pool so that events differ from run to
 * run and line to line. A share of the messages is replaced by an SSH password-guessing burst
 * from a few attacker addresses: the events correlation rules are written for.
 */
public final class Corpus {
    /** One message without its syslog header: {@code program[pid]: message}, pre-encoded. */
    public record Entry(String app, String procid, String message, byte[] tail) {}

    // Mmm dd hh:mm:ss host program[pid]: message, as syslog daemons write files
    private static final Pattern FILE_LINE = Pattern.compile(
            "^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ ([^\\s\\[:]{1,48})(?:\\[(\\w{1,16})\\])?: (.*)$");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])");
    static final String[] ATTACKERS = {"203.0.113.7", "203.0.113.19", "198.51.100.23", "198.51.100.66", "192.0.2.200"};

    private final List<Entry> entries;
    private final List<Entry> attacks;
    private final double attackShare;

    private Corpus(List<Entry> entries, List<Entry> attacks, double attackShare) {
        this.entries = entries;
        this.attacks = attacks;
        this.attackShare = attackShare;
    }

    /**
     * Reads the corpus under a fixtures directory.
     *
     * @param size how many distinct messages to prepare (lines are reused with new addresses)
     * @param attackShare the share of messages, 0 to 1, that are SSH guessing attempts
     */
    public static Corpus load(Path fixtures, int size, double attackShare, long seed) throws IOException {
        List<String> lines = readLines(fixtures);
        if (lines.isEmpty()) throw new IOException("no log lines found under " + fixtures + " (logs/INDEX.tsv, ossim/samples/*.log)");
        return of(lines, size, attackShare, seed);
    }

    /** Reads the corpus from one log file, a message per line. */
    public static Corpus loadFile(Path file, int size, double attackShare, long seed) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String t = clean(l);
            if (!t.isEmpty()) lines.add(t);
        }
        if (lines.isEmpty()) throw new IOException(file + " has no log lines");
        return of(lines, size, attackShare, seed);
    }

    private static Corpus of(List<String> lines, int size, double attackShare, long seed) {
        if (attackShare < 0 || attackShare > 1) throw new IllegalArgumentException("attack share must be between 0 and 1, not " + attackShare);
        Random rnd = new Random(seed);
        List<Entry> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) out.add(entry(lines.get(i % lines.size()), rnd));
        java.util.Collections.shuffle(out, rnd);
        List<Entry> attacks = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            String ip = ATTACKERS[i % ATTACKERS.length];
            String user = i % 3 == 0 ? "root" : "invalid user " + new String[] {"admin", "oracle", "test", "ubuntu"}[i % 4];
            attacks.add(entry("sshd", Integer.toString(20_000 + i), "Failed password for " + user + " from " + ip + " port " + (30_000 + rnd.nextInt(30_000)) + " ssh2"));
        }
        return new Corpus(List.copyOf(out), List.copyOf(attacks), attackShare);
    }

    /** A corpus of given entries (tests). */
    public static Corpus of(List<Entry> entries) {
        return new Corpus(List.copyOf(entries), List.of(), 0);
    }

    /** The entry for message number {@code n} (deterministic: the same n gives the same entry). */
    public Entry get(long n) {
        if (attackShare > 0) {
            // a fixed pattern of positions, spread evenly, so that the share holds over any stretch
            long perMille = Math.round(attackShare * 1000);
            if ((n * 7919 % 1000) < perMille) return attacks.get((int) (n % attacks.size()));
        }
        return entries.get((int) (n % entries.size()));
    }

    public int size() {
        return entries.size();
    }

    static Entry entry(String app, String procid, String message) {
        String tail = app + (procid == null ? "" : "[" + procid + "]") + ": " + message;
        return new Entry(app, procid, message, tail.getBytes(StandardCharsets.UTF_8));
    }

    private static Entry entry(String line, Random rnd) {
        String app = "app";
        String procid = null;
        String msg = line;
        Matcher m = FILE_LINE.matcher(line);
        if (m.matches()) {
            app = m.group(1);
            procid = m.group(2);
            msg = m.group(3);
        }
        return entry(app, procid, rewriteAddresses(msg, rnd));
    }

    /** Every IPv4 address replaced by a random one from private and documentation ranges. */
    static String rewriteAddresses(String msg, Random rnd) {
        Matcher m = IPV4.matcher(msg);
        if (!m.find()) return msg;
        StringBuilder b = new StringBuilder();
        do {
            String ip = switch (rnd.nextInt(3)) {
                case 0 -> "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
                case 1 -> "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
                default -> "198.51.100." + (1 + rnd.nextInt(254));
            };
            m.appendReplacement(b, ip);
        } while (m.find());
        return m.appendTail(b).toString();
    }

    /** One message per line on the wire: no control characters. */
    private static String clean(String line) {
        return line.replaceAll("[\\x00-\\x1F\\x7F]", " ").strip();
    }

    /** Syslog-shaped lines of the fixture logs: files listed in logs/INDEX.tsv and ossim/samples/*.log. */
    static List<String> readLines(Path fixtures) throws IOException {
        List<Path> files = new ArrayList<>();
        Path index = fixtures.resolve("logs/INDEX.tsv");
        if (Files.isRegularFile(index)) {
            for (String row : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                String file = row.split("\t", 2)[0];
                if (file.isEmpty() || file.equals("file") || file.endsWith(".json") || file.endsWith(".evtx")) continue;
                Path p = fixtures.resolve("logs").resolve(file);
                if (Files.isRegularFile(p)) files.add(p);
            }
        }
        Path samples = fixtures.resolve("ossim/samples");
        if (Files.isDirectory(samples)) {
            try (var s = Files.list(samples)) {
                s.filter(p -> p.toString().endsWith(".log")).sorted().forEach(files::add);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Path p : files) {
            for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                String t = clean(l);
                if (!t.isEmpty()) lines.add(t);
            }
        }
        return lines;
    }
}
