package io.vigil.normalize.decode;

import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Windows events as XML, one {@code <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">}
 * per message, as Event Viewer, {@code wevtutil qe /f:xml}, evtx tools and some forwarders render
 * them (pretty-printed or not, with Event Viewer's {@code "- "} bullets before elements).
 *
 * <p>The elements become fields named as the flat JSON shapes name them, and the mapping is the
 * Windows JSON decoder's ({@link WindowsEventJsonDecoder}: EventID to userdata1, Channel to
 * userdata2, TargetUserName to username, IpAddress to src_ip, ..., the rest as {@code win.<name>}):
 * <ul>
 *   <li>{@code System}: each child's text as {@code System.<child>}, each of its attributes as
 *       {@code System.<child>.<attribute>} ({@code System.Provider.Name},
 *       {@code System.TimeCreated.SystemTime});</li>
 *   <li>{@code EventData}: each {@code <Data Name="n">} as {@code EventData.n}, unnamed ones as
 *       {@code EventData.Data} (then {@code .2}, {@code .3}, ...);</li>
 *   <li>{@code UserData}: each element that holds text, by its own name, as {@code UserData.<name>};</li>
 *   <li>{@code RenderingInfo}: {@code Message}, {@code Level}, {@code Task}, ... as {@code RenderingInfo.<child>}.</li>
 * </ul>
 * Empty values are left out. The parser reads no DTD and resolves no external entity: a message
 * declaring either is read without it (what cannot be read goes to {@code decode_error}).
 */
public final class WindowsEventXmlDecoder implements StructuredDecoder {
    private static final String EVENT = "<Event";
    /** Factories are not documented as safe to share; one per thread, configured once. */
    private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(WindowsEventXmlDecoder::factory);

    private final ZoneId zone;
    private final Clock clock;

    /** Times without a zone read as UTC. */
    public WindowsEventXmlDecoder() {
        this(ZoneOffset.UTC, Clock.systemUTC());
    }

    /**
     * @param zone the zone of times that name none (rendered evtx often writes SystemTime without one)
     * @param clock for times that name no year
     */
    public WindowsEventXmlDecoder(ZoneId zone, Clock clock) {
        this.zone = Objects.requireNonNull(zone);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Aalto's reader (FasterXML): it parsed the fixture events in half the time of the JDK's,
     * which cost as much per event as all the plugin regexps tried on it. It reads no DTD at
     * all, so no entity a message declares is ever expanded, external or not.
     */
    private static XMLInputFactory factory() {
        XMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    @Override
    public String name() {
        return "windows-xml";
    }

    /** An {@code <Event>} element (after blanks, a BOM, bullets or an XML declaration) that the message ends with. */
    @Override
    public boolean accepts(String message) {
        if (message == null) return false;
        int at = start(message);
        if (at < 0) return false;
        int end = message.length();
        while (end > at && Pairs.blank(message.charAt(end - 1))) end--;
        return message.startsWith("</Event>", end - 8);
    }

    /** Where the {@code <Event} element starts, or -1 when something other than blanks, bullets or a declaration comes first. */
    private static int start(String m) {
        int i = 0;
        int n = m.length();
        while (i < n) {
            char c = m.charAt(i);
            if (Pairs.blank(c) || c == '\uFEFF' || c == '-') {
                i++;
            } else if (m.startsWith("<?xml", i)) {
                int close = m.indexOf("?>", i);
                if (close < 0) return -1;
                i = close + 2;
            } else {
                break;
            }
        }
        if (!m.startsWith(EVENT, i) || i + EVENT.length() >= n) return -1;
        char after = m.charAt(i + EVENT.length());
        return after == '>' || Pairs.blank(after) ? i : -1;
    }

    @Override
    public Decoded decode(String message) {
        Decoded d = new Decoded(name(), message, zone, clock);
        int at = message == null ? -1 : start(message);
        if (at < 0) {
            d.error("not a Windows event in XML: no <Event> element first");
            return d;
        }
        try {
            read(message, at, d);
            WindowsEventJsonDecoder.mapFields(d);
        } catch (RuntimeException e) {
            d.error("internal error: " + e);
        }
        return d;
    }

    /**
     * Adds the fields of the event starting at {@code at}; what cannot be read goes to the
     * errors, with what came before it kept. Columns in errors count from {@code at}.
     */
    private static void read(String message, int at, Decoded d) {
        XMLStreamReader r = null;
        try {
            StringReader in = new StringReader(message);
            in.skip(at); // what precedes the element (bullets, a declaration), without copying the rest
            r = FACTORY.get().createXMLStreamReader(in);
            new Walk(r, d).run();
        } catch (XMLStreamException e) {
            invalid(e, d);
        } catch (UncheckedStreamException e) {
            // Aalto reads text lazily, when asked for it, and getText() cannot throw the checked kind
            if (e.getCause() instanceof XMLStreamException x) invalid(x, d);
            else throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // skipping in a string cannot fail
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing was opened that needs closing: the input is a string
                }
            }
        }
    }

    private static void invalid(XMLStreamException e, Decoded d) {
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNumber();
        d.error("invalid XML" + where + ": " + firstLine(e.getMessage()));
    }

    /** Aalto's messages end with the location on a line of their own ("at [row,col ...]"): said above already. */
    private static String firstLine(String m) {
        if (m == null) return "unreadable";
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }

    /** One pass over the elements: depth 1 the Event, 2 its sections, deeper their contents. */
    private static final class Walk {
        private final XMLStreamReader r;
        private final Decoded d;
        private String section;
        /** The field a text element's characters go to, and the text so far. */
        private String field;
        private final StringBuilder text = new StringBuilder();
        private int depth;

        Walk(XMLStreamReader r, Decoded d) {
            this.r = r;
            this.d = d;
        }

        void run() throws XMLStreamException {
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.START_ELEMENT -> start();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (field != null) text.append(r.getText());
                    }
                    case XMLStreamConstants.END_ELEMENT -> end();
                    default -> {
                        // comments, processing instructions, whitespace outside elements
                    }
                }
            }
        }

        private void start() {
            depth++;
            String name = r.getLocalName();
            if (depth == 1) {
                if (!name.equals("Event")) d.error("root element is <" + name + ">, not <Event>");
                return;
            }
            if (depth == 2) {
                section = name;
                return;
            }
            text.setLength(0); // an element with children: its own text around them is layout
            field = switch (section) {
                case "System" -> depth == 3 ? "System." + name : null;
                case "EventData" -> depth == 3 ? "EventData." + dataName(name) : null;
                case "UserData" -> "UserData." + name;
                case "RenderingInfo" -> "RenderingInfo." + name;
                default -> null;
            };
            if (field != null && section.equals("System")) {
                for (int i = 0; i < r.getAttributeCount(); i++) add(field + "." + r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
        }

        /** A Data element's Name attribute, else the element's own name. */
        private String dataName(String element) {
            String n = r.getAttributeValue(null, "Name");
            return n == null || n.isBlank() ? element : n;
        }

        private void end() {
            if (field != null) add(field, text.toString());
            field = null;
            text.setLength(0);
            depth--;
        }

        private void add(String name, String value) {
            String v = value.strip();
            if (!v.isEmpty()) d.add(name, v);
        }
    }
}
