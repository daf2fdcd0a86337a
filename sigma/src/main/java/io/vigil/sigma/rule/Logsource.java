package io.vigil.sigma.rule;

import java.util.Locale;

/** A rule's log source; null parts are unspecified (any). Compared in lower case. */
public record Logsource(String product, String category, String service) {
    public Logsource {
        product = norm(product);
        category = norm(category);
        service = norm(service);
    }

    private static String norm(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    /** As `vigil rules list` groups rules: product/category/service, "-" for unspecified parts. */
    public String key() {
        return (product == null ? "-" : product) + "/" + (category == null ? "-" : category) + "/" + (service == null ? "-" : service);
    }

    @Override
    public String toString() {
        return key();
    }
}
