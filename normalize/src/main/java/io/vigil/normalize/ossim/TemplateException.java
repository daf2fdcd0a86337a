package io.vigil.normalize.ossim;

/**
 * A plugin field value that cannot be compiled: what is wrong, and where in the text
 * (column counted from 1). The loader adds file, section and line.
 */
public final class TemplateException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final int offset;
    private final String reason;

    public TemplateException(String text, int offset, String reason) {
        super(reason + " at column " + (offset + 1) + " of \"" + text + "\"");
        this.text = text;
        this.offset = offset;
        this.reason = reason;
    }

    /** The field value as written. */
    public String text() {
        return text;
    }

    /** Where the problem starts, counted from 0. */
    public int offset() {
        return offset;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
