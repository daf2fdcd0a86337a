package io.vigil.correlate.directive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads OSSIM directive files as they are. A content folder may hold a {@code directives.xml}
 * (a {@code <directives>} document that pulls other files in as external entities) and
 * directive files (one or more {@code <directive>} elements with no root, as the OSSIM feed
 * ships them); other XML there (categories, groups, server config) is not directives and is
 * passed over.
 *
 * <p>Hostile content is expected: no DTD is loaded, and an external entity is resolved only
 * to a file of the same name in the including document's folder (the feed names its
 * includes {@code /etc/ossim/server/...}; nothing is ever read from that path or from the
 * network). Files are capped in size, elements in nesting depth, and entity expansion by
 * the JDK's secure processing limits. A directive that cannot be read is reported with its
 * file and line and left out; the others load.
 */
public final class DirectiveLoader {
    static final long MAX_FILE_BYTES = 16L << 20;
    static final int MAX_DEPTH = 64;
    private static final String INCLUDE_SCHEME = "vigil-include:";

    /** What a load gave: the directives, what failed, and the files read. */
    public record Result(List<Directive> directives, List<ContentError> errors, List<ContentError> warnings, List<Path> files) {
        public int rules() {
            return directives.stream().mapToInt(Directive::rules).sum();
        }
    }

    private final List<Directive> directives = new ArrayList<>();
    private final List<ContentError> errors = new ArrayList<>();
    private final List<ContentError> warnings = new ArrayList<>();
    private final Set<Path> files = new LinkedHashSet<>();
    private final Map<Integer, Directive> byId = new HashMap<>();

    private DirectiveLoader() {}

    /** Loads every directive under the given files and folders (folders are searched recursively). */
    public static Result load(List<Path> paths) throws IOException {
        DirectiveLoader l = new DirectiveLoader();
        List<Path> documents = new ArrayList<>();
        List<Path> fragments = new ArrayList<>();
        for (Path p : paths) {
            List<Path> xml = new ArrayList<>();
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
                            .sorted().forEach(xml::add);
                }
            } else if (Files.isRegularFile(p)) {
                xml.add(p);
            }
            for (Path f : xml) {
                switch (Shape.of(f)) {
                    case DOCUMENT -> documents.add(f.toAbsolutePath().normalize());
                    case FRAGMENT -> fragments.add(f.toAbsolutePath().normalize());
                    case OTHER -> { }
                }
            }
        }
        Set<Path> included = new LinkedHashSet<>();
        for (Path d : documents) l.parse(d, false, included);
        for (Path f : fragments) if (!included.contains(f)) l.parse(f, true, included);
        return new Result(List.copyOf(l.directives), List.copyOf(l.errors), List.copyOf(l.warnings), List.copyOf(l.files));
    }

    /** What a file holds, told by its first element. */
    enum Shape {
        DOCUMENT, FRAGMENT, OTHER;

        static Shape of(Path f) throws IOException {
            if (Files.size(f) > MAX_FILE_BYTES) return DOCUMENT; // parsed, so the size error is reported
            String text;
            try (InputStream in = Files.newInputStream(f)) {
                text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            int i = 0;
            while (true) {
                i = text.indexOf('<', i);
                if (i < 0 || i + 1 >= text.length()) return OTHER;
                char c = text.charAt(i + 1);
                if (c == '?') {
                    i = text.indexOf("?>", i);
                } else if (text.startsWith("<!--", i)) {
                    i = text.indexOf("-->", i);
                } else if (c == '!') {
                    i = skipDoctype(text, i);
                } else {
                    String rest = text.substring(i + 1);
                    if (rest.matches("(?s)directives[\\s>/].*")) return DOCUMENT;
                    if (rest.matches("(?s)directive[\\s>/].*")) return FRAGMENT;
                    return OTHER;
                }
                if (i < 0) return OTHER;
                i++;
            }
        }

        private static int skipDoctype(String text, int i) {
            int bracket = text.indexOf('[', i);
            int close = text.indexOf('>', i);
            if (bracket >= 0 && bracket < close) {
                int end = text.indexOf("]", bracket);
                return end < 0 ? -1 : text.indexOf('>', end);
            }
            return close;
        }
    }

    private void parse(Path file, boolean fragment, Set<Path> included) {
        files.add(file);
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                errors.add(new ContentError(file, 0, null, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB; not read"));
                return;
            }
            SAXParser parser = parser();
            Handler h = new Handler(file, included);
            InputSource source;
            if (fragment) {
                // A file of bare <directive> elements is read as the OSSIM server reads it: as an
                // entity inside a <directives> document.
                String wrapper = "<!DOCTYPE directives [<!ENTITY f SYSTEM \"" + INCLUDE_SCHEME + "self\">]><directives>&f;</directives>";
                source = new InputSource(new StringReader(wrapper));
                source.setSystemId(file.toUri().toString());
                h.self = file;
            } else {
                source = new InputSource(Files.newInputStream(file));
                source.setSystemId(file.toUri().toString());
            }
            parser.getXMLReader().setEntityResolver(h);
            parser.parse(source, h);
        } catch (SAXParseException e) {
            errors.add(new ContentError(where(e.getSystemId(), file), Math.max(0, e.getLineNumber()), null, e.getMessage()));
        } catch (SAXException e) {
            errors.add(new ContentError(file, 0, null, e.getMessage()));
        } catch (IOException e) {
            errors.add(new ContentError(file, 0, null, "cannot be read: " + e.getMessage()));
        }
    }

    private static Path where(String systemId, Path dflt) {
        if (systemId == null) return dflt;
        try {
            return Path.of(java.net.URI.create(systemId));
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    private static SAXParser parser() throws SAXException {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", true); // resolved by Handler only
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser p = f.newSAXParser();
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // The feed's includes add up to more than the JDK's default total (100,000
            // characters); allow what a directive set needs, and keep expansions counted.
            p.setProperty("jdk.xml.totalEntitySizeLimit", String.valueOf(4 * MAX_FILE_BYTES));
            p.setProperty("jdk.xml.maxGeneralEntitySizeLimit", String.valueOf(MAX_FILE_BYTES));
            p.setProperty("jdk.xml.entityExpansionLimit", "10000");
            return p;
        } catch (ParserConfigurationException e) {
            throw new SAXException("the XML parser cannot be configured safely: " + e.getMessage(), e);
        }
    }

    /** Builds directives from SAX events, one element at a time. */
    private final class Handler extends DefaultHandler {
        private final Path document;
        private final Set<Path> included;
        private Path self;
        private Locator locator;
        private int depth;
        // the directive being read
        private Integer id;
        private String name;
        private int priority;
        private int directiveLine;
        private Path directiveFile;
        private String broken;
        private int brokenLine;
        private final Deque<RuleReader.Pending> rules = new ArrayDeque<>();
        private final Deque<String> elements = new ArrayDeque<>();
        /** Depth of a {@code <rule>} written straight inside a {@code <rule>}, while its subtree is skipped; 0 otherwise. */
        private int skipping;
        private Rule root;

        Handler(Path document, Set<Path> included) {
            this.document = document;
            this.included = included;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        private Path currentFile() {
            return where(locator == null ? null : locator.getSystemId(), document);
        }

        private int line() {
            return locator == null ? 0 : Math.max(0, locator.getLineNumber());
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) throws SAXException, IOException {
            if (systemId == null) return empty();
            Path target;
            if (systemId.equals(INCLUDE_SCHEME + "self") && self != null) {
                target = self;
            } else {
                String base = systemId.replace('\\', '/');
                base = base.substring(base.lastIndexOf('/') + 1);
                if (base.isEmpty() || base.endsWith(".dtd") || base.endsWith(".xsd")) return empty(); // no DTD is loaded
                target = document.getParent().resolve(base).normalize();
                if (!Files.isRegularFile(target)) {
                    errors.add(new ContentError(currentFile(), line(), null, "includes '" + systemId + "': no file " + base + " beside " + document.getFileName()));
                    return empty();
                }
            }
            if (Files.size(target) > MAX_FILE_BYTES) {
                errors.add(new ContentError(target, 0, null, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB; not read"));
                return empty();
            }
            included.add(target);
            files.add(target);
            InputSource s = new InputSource(Files.newInputStream(target));
            s.setSystemId(target.toUri().toString());
            return s;
        }

        private static InputSource empty() {
            return new InputSource(new ByteArrayInputStream(new byte[0]));
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attrs) throws SAXException {
            if (++depth > MAX_DEPTH) throw new SAXParseException("elements nested deeper than " + MAX_DEPTH, locator);
            String parent = elements.peek();
            elements.push(qName);
            if (skipping > 0) {
                skipping++;
                return;
            }
            if (qName.equals("rule") && "rule".equals(parent) && id != null) {
                // OSSIM reads a rule's children only from its <rules> element and passes over a
                // <rule> written directly inside a <rule>; so does Vigil, and says so.
                warnings.add(new ContentError(currentFile(), line(), id > 0 ? id : null,
                        "a <rule> directly inside a <rule> (not in <rules>) is ignored, as the OSSIM server ignores it"));
                skipping = 1;
                return;
            }
            switch (qName) {
                case "directive" -> startDirective(attrs);
                case "rule" -> {
                    if (id == null) return; // a rule outside a directive: not ours to read
                    if (rules.size() >= MAX_DEPTH) throw new SAXParseException("rules nested deeper than " + MAX_DEPTH, locator);
                    rules.push(new RuleReader.Pending(rules.size() + 1, line(), attrs));
                }
                default -> { }
            }
        }

        private void startDirective(Attributes a) {
            directiveFile = currentFile();
            directiveLine = line();
            broken = null;
            root = null;
            rules.clear();
            String idText = RuleReader.get(a, "id");
            name = RuleReader.get(a, "name");
            try {
                if (idText == null) throw new DirectiveException("directive has no id");
                id = RuleReader.integer("id", idText, 1, Integer.MAX_VALUE);
                String p = RuleReader.get(a, "priority");
                if (p == null) throw new DirectiveException("directive has no priority");
                int pr;
                try {
                    pr = Integer.parseInt(p.trim());
                } catch (NumberFormatException e) {
                    throw new DirectiveException("priority=\"" + p + "\": not a whole number");
                }
                priority = Math.max(0, Math.min(5, pr)); // OSSIM clamps a directive's priority to 0-5
            } catch (DirectiveException e) {
                if (id == null) id = -1;
                fail(e.getMessage(), directiveLine);
            }
        }

        private void fail(String message, int line) {
            if (broken == null) {
                broken = message;
                brokenLine = line;
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            depth--;
            elements.pop();
            if (skipping > 0) {
                skipping--;
                return;
            }
            if (id == null) return;
            if (qName.equals("rule")) {
                RuleReader.Pending p = rules.pop();
                Rule r = null;
                try {
                    r = RuleReader.build(p);
                } catch (DirectiveException e) {
                    fail(e.getMessage(), p.line);
                }
                if (r == null) return;
                if (rules.isEmpty()) {
                    if (root != null) fail("directive has more than one root rule", p.line);
                    root = r;
                } else {
                    rules.peek().children.add(r);
                }
            } else if (qName.equals("directive")) {
                finishDirective();
            }
        }

        private void finishDirective() {
            Integer did = id > 0 ? id : null;
            if (broken == null && root == null) fail("directive has no rule", directiveLine);
            if (broken == null && root.monitor()) fail("the root rule is a monitor rule; a directive starts with a detector", root.line());
            if (broken == null && byId.containsKey(id)) {
                Directive first = byId.get(id);
                fail("id " + id + " is already used by \"" + first.name() + "\" at " + first.file().getFileName() + ":" + first.line(), directiveLine);
            }
            if (broken != null) {
                errors.add(new ContentError(directiveFile, brokenLine, did, broken));
            } else {
                Directive d = new Directive(id, name == null ? "" : name, priority, directiveFile, directiveLine, root);
                directives.add(d);
                byId.put(id, d);
            }
            id = null;
        }
    }
}
