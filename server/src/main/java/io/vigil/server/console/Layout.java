package io.vigil.server.console;

/**
 * What every console page shows around its content: the title, who is logged in, their role,
 * the session's CSRF token (forms and htmx requests carry it), and the active menu entry.
 */
public record Layout(String title, String user, String role, String csrf, String active) {
    public boolean canChange() {
        return !"read-only".equals(role);
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    /** The htmx header attribute value: JSON, escaped as an attribute by the template. */
    public String htmxHeaders() {
        return "{\"X-CSRF-Token\": \"" + csrf + "\"}";
    }
}
