package io.vigil.server.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Helpers the templates call. Every link is a fixed path with encoded parameters: nothing from an
 * event or a rule ever becomes a whole URL, except references that are plain http(s) links.
 */
public final class Links {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Links() {}

    public static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A search for one field's value: {@code /events?q=src_ip:"1.2.3.4"}. */
    public static String search(String field, Object value) {
        if (value == null) return "/events";
        String v = value.toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return "/events?q=" + enc(field + ":\"" + v + "\"") + "&since=7d";
    }

    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t) + "Z";
    }

    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis)) + "Z";
    }

    /** A rule's reference as a link only when it is an http(s) URL; anything else (javascript:, data:) is shown as text. */
    public static boolean isWebLink(String s) {
        if (s == null) return false;
        String l = s.trim().toLowerCase(java.util.Locale.ROOT);
        return (l.startsWith("https://") || l.startsWith("http://")) && !s.contains("\"") && !s.contains("<");
    }

    /** The value when it is an IP address (a suppression takes addresses), else empty: plugins sometimes leave a host name. */
    public static String address(String s) {
        return s != null && io.vigil.core.net.IpLiterals.parse(s) != null ? s : "";
    }

    public static String orDash(Object o) {
        return o == null || o.toString().isEmpty() ? "-" : o.toString();
    }

    public static String cut(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
