package io.vigil.core.contract;

import java.text.Normalizer;

/** Shared helpers of the firewall renderers. */
final class FirewallText {
    private FirewallText() {}

    /**
     * A rule comment safe in both nftables and iptables-restore: printable ASCII without quotes or
     * backslashes, at most {@code max} characters (nftables allows 128, xt_comment 255).
     */
    static String comment(Flow f, int max) {
        String text = "vigil " + f.id() + " [" + f.feature() + "]: " + f.direction().id() + " "
                + (f.isInbound() ? "from " : "to ") + f.peerOrHosts();
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD)
                .replaceAll("[^\\x20-\\x7e]", "")
                .replace('"', '\'')
                .replace('\\', '/');
        return ascii.length() <= max ? ascii : ascii.substring(0, max - 3) + "...";
    }

    /** A `#` comment line's text: one line, no control characters. */
    static String line(String s) {
        return s.replaceAll("[\\p{Cntrl}]", " ");
    }
}
