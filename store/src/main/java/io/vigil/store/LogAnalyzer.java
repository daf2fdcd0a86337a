package io.vigil.store;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;

/** {@link LogTokenizer} and lower case: text fields match case-insensitively. */
final class LogAnalyzer extends Analyzer {
    private final boolean parts;

    /** @param parts true when indexing (whole tokens and their parts), false for queries */
    LogAnalyzer(boolean parts) {
        this.parts = parts;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        LogTokenizer tokenizer = new LogTokenizer(parts);
        return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in); // wildcard, prefix and range terms
    }
}
