package io.vigil.store;

import java.io.IOException;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits log text the way people search it. Two kinds of separators:
 * <ul>
 *   <li>major: white space and punctuation such as {@code [ ] ( ) < > " ' = , ; ! ? & |}:
 *       they end a token;</li>
 *   <li>minor: {@code . : / \ - _ @ # % + ~ $}: they stay inside a token, so
 *       {@code 192.168.1.10}, {@code web01.example.com}, {@code 10:42:01} and
 *       {@code /var/log/auth.log} are single tokens (leading and trailing minor separators are
 *       trimmed: {@code "from 10.0.0.1."} gives {@code 10.0.0.1}).</li>
 * </ul>
 * When indexing ({@code parts = true}) a token with minor separators inside is also split at
 * them, and the parts are stacked on the token's position: {@code web01.example.com} is
 * findable as {@code example}, and phrases over whole tokens still match. When parsing a
 * query ({@code parts = false}) only whole tokens are produced, so {@code 192.168.1.10}
 * is one exact term, not a phrase of numbers.
 *
 * <p>Tokens are cut at {@value #MAX_TOKEN} characters, the same way on both sides.
 */
final class LogTokenizer extends Tokenizer {
    static final int MAX_TOKEN = 255;

    private final boolean parts;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);

    private char[] buf = new char[1024];
    private int len;
    private int pos;
    /** Parts of the current token still to emit: start and end offsets into buf. */
    private int[] partStart = new int[16];
    private int[] partEnd = new int[16];
    private int partCount;
    private int partNext;
    private final int[] bounds = new int[2];
    private final TokenSink partCollector = (b, s, e) -> addPart(s, e);

    LogTokenizer(boolean parts) {
        this.parts = parts;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        len = 0;
        pos = 0;
        partCount = 0;
        partNext = 0;
        while (true) {
            if (len == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            int n = input.read(buf, len, buf.length - len);
            if (n < 0) break;
            len += n;
        }
    }

    @Override
    public boolean incrementToken() {
        clearAttributes();
        if (partNext < partCount) {
            emit(partStart[partNext], partEnd[partNext], 0);
            partNext++;
            return true;
        }
        while (pos < len) {
            pos = nextToken(buf, pos, len, bounds);
            int start = bounds[0];
            int end = bounds[1];
            if (start == end) continue;
            emit(start, end, 1);
            partCount = 0;
            partNext = 0;
            if (parts && hasMinor(buf, start, end)) forEachPart(buf, start, end, Integer.MAX_VALUE, partCollector); // emit() cuts: offsets keep the real end
            return true;
        }
        return false;
    }

    /** Receives a token or part: {@code buf[start, end)}. */
    interface TokenSink {
        void token(char[] buf, int start, int end);
    }

    /**
     * Every token indexing makes of {@code buf[0, len)}, in order: each whole token, then its
     * parts, each cut to {@value #MAX_TOKEN} characters, not lower-cased. The same tokens as
     * this tokenizer with parts, for a caller that only collects terms (the block layout) and
     * needs neither positions nor offsets.
     */
    static void forEachIndexToken(char[] buf, int len, TokenSink sink) {
        int[] bounds = new int[2];
        int pos = 0;
        while (pos < len) {
            pos = nextToken(buf, pos, len, bounds);
            int start = bounds[0];
            int end = bounds[1];
            if (start == end) continue;
            sink.token(buf, start, Math.min(end, start + MAX_TOKEN));
            if (hasMinor(buf, start, end)) forEachPart(buf, start, end, MAX_TOKEN, sink);
        }
    }

    /**
     * The next token from {@code pos}: its bounds, trimmed of minor separators, go into
     * {@code bounds} (empty when it was only separators); returns where the scan goes on.
     */
    private static int nextToken(char[] buf, int pos, int len, int[] bounds) {
        while (pos < len && !isTokenChar(buf[pos])) pos++;
        int start = pos;
        while (pos < len && isTokenChar(buf[pos])) pos++;
        int end = pos;
        while (start < end && isMinor(buf[start])) start++;
        while (end > start && isMinor(buf[end - 1])) end--;
        bounds[0] = start;
        bounds[1] = end;
        return pos;
    }

    private static boolean hasMinor(char[] buf, int start, int end) {
        for (int i = start; i < end; i++) if (isMinor(buf[i])) return true;
        return false;
    }

    /** The parts of a token with minor separators inside (what lies between them), each cut to {@code maxLength}. */
    private static void forEachPart(char[] buf, int start, int end, int maxLength, TokenSink sink) {
        for (int i = start; i < end; i++) {
            int s = i;
            while (i < end && !isMinor(buf[i])) i++;
            if (i > s) sink.token(buf, s, s + Math.min(i - s, maxLength)); // no overflow at Integer.MAX_VALUE
        }
    }

    private void addPart(int s, int e) {
        if (partCount == partStart.length) {
            partStart = java.util.Arrays.copyOf(partStart, partCount * 2);
            partEnd = java.util.Arrays.copyOf(partEnd, partCount * 2);
        }
        partStart[partCount] = s;
        partEnd[partCount] = e;
        partCount++;
    }

    private void emit(int start, int end, int increment) {
        int n = Math.min(end - start, MAX_TOKEN);
        term.copyBuffer(buf, start, n);
        offset.setOffset(correctOffset(start), correctOffset(end));
        posInc.setPositionIncrement(increment);
    }

    @Override
    public void end() throws IOException {
        super.end();
        int last = correctOffset(len);
        offset.setOffset(last, last);
    }

    @Override
    public void close() throws IOException {
        super.close();
        if (buf.length > 1 << 16) buf = new char[1024]; // an occasional huge log does not pin memory
    }

    private static final byte SEPARATOR = 0, WORD = 1, MINOR = 2;
    /** The class of each ASCII character: one load per character where a scan needs it. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean minor = switch (c) {
                case '.', ':', '/', '\\', '-', '_', '@', '#', '%', '+', '~', '$' -> true;
                default -> false;
            };
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            ASCII[c] = minor ? MINOR : word ? WORD : SEPARATOR;
        }
    }

    static boolean isMinor(char c) {
        return c < 128 && ASCII[c] == MINOR;
    }

    static boolean isTokenChar(char c) {
        if (c < 128) return ASCII[c] != SEPARATOR;
        if (Character.isLetterOrDigit(c) || Character.isSurrogate(c)) return true;
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }
}
