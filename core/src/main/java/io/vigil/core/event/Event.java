package io.vigil.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A normalized event. Field names follow OSSIM's (plugin_id, src_ip, userdata1..9, ...)
 * so that plugins, directives and users' habits carry over; the syslog header fields and
 * Vigil's own (id, received, collector, peer) sit beside them. JSON names are stable API
 * (docs/api.md). Mutable: each pipeline stage fills in what it knows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Event {
    /** Every field name as it appears in JSON and in search queries. */
    public static final java.util.List<String> FIELDS = java.util.List.of("id", "time", "received", "collector", "peer", "log", "facility", "severity", "host", "app", "procid", "msgid", "structured_data", "message", "plugin_id", "plugin_sid", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "username", "password", "filename", "userdata1", "userdata2", "userdata3", "userdata4", "userdata5", "userdata6", "userdata7", "userdata8", "userdata9", "sensor", "interface", "priority", "reliability", "product_type", "category", "subcategory", "truncated", "malformed");

    @JsonProperty("id") private UUID id;
    @JsonProperty("time") private Instant time;
    @JsonProperty("received") private Instant received;
    @JsonProperty("collector") private String collector;
    @JsonProperty("peer") private String peer;
    @JsonProperty("log") private String log;
    @JsonProperty("facility") private Integer facility;
    @JsonProperty("severity") private Integer severity;
    @JsonProperty("host") private String host;
    @JsonProperty("app") private String app;
    @JsonProperty("procid") private String procid;
    @JsonProperty("msgid") private String msgid;
    @JsonProperty("structured_data") private String structuredData;
    @JsonProperty("message") private String message;
    @JsonProperty("plugin_id") private Integer pluginId;
    @JsonProperty("plugin_sid") private Integer pluginSid;
    @JsonProperty("src_ip") private String srcIp;
    @JsonProperty("dst_ip") private String dstIp;
    @JsonProperty("src_port") private Integer srcPort;
    @JsonProperty("dst_port") private Integer dstPort;
    @JsonProperty("protocol") private String protocol;
    @JsonProperty("username") private String username;
    @JsonProperty("password") private String password;
    @JsonProperty("filename") private String filename;
    @JsonProperty("userdata1") private String userdata1;
    @JsonProperty("userdata2") private String userdata2;
    @JsonProperty("userdata3") private String userdata3;
    @JsonProperty("userdata4") private String userdata4;
    @JsonProperty("userdata5") private String userdata5;
    @JsonProperty("userdata6") private String userdata6;
    @JsonProperty("userdata7") private String userdata7;
    @JsonProperty("userdata8") private String userdata8;
    @JsonProperty("userdata9") private String userdata9;
    @JsonProperty("sensor") private String sensor;
    @JsonProperty("interface") private String iface;
    @JsonProperty("priority") private Integer priority;
    @JsonProperty("reliability") private Integer reliability;
    @JsonProperty("product_type") private String productType;
    @JsonProperty("category") private String category;
    @JsonProperty("subcategory") private String subcategory;
    @JsonProperty("truncated") private boolean truncated;
    @JsonProperty("malformed") private boolean malformed;
    @JsonProperty("extra") @JsonInclude(JsonInclude.Include.NON_EMPTY) private Map<String, String> extra = new LinkedHashMap<>();

    /** time-ordered unique id (UUIDv7), minted where the event entered */
    public UUID id() { return id; }
    public Event id(UUID v) { this.id = v; return this; }

    /** when the event happened, as the source says (falls back to receive time) */
    public Instant time() { return time; }
    public Event time(Instant v) { this.time = v; return this; }

    /** when Vigil received it */
    public Instant received() { return received; }
    public Event received(Instant v) { this.received = v; return this; }

    /** the collector that received it, e.g. syslog-tcp */
    public String collector() { return collector; }
    public Event collector(String v) { this.collector = v; return this; }

    /** the sender's address:port */
    public String peer() { return peer; }
    public Event peer(String v) { this.peer = v; return this; }

    /** the raw log line as received */
    public String log() { return log; }
    public Event log(String v) { this.log = v; return this; }

    /** syslog facility (0-23) */
    public Integer facility() { return facility; }
    public Event facility(Integer v) { this.facility = v; return this; }

    /** syslog severity (0-7) */
    public Integer severity() { return severity; }
    public Event severity(Integer v) { this.severity = v; return this; }

    /** host name the message names */
    public String host() { return host; }
    public Event host(String v) { this.host = v; return this; }

    /** syslog APP-NAME or RFC 3164 tag */
    public String app() { return app; }
    public Event app(String v) { this.app = v; return this; }

    /** syslog PROCID (pid) */
    public String procid() { return procid; }
    public Event procid(String v) { this.procid = v; return this; }

    /** syslog MSGID */
    public String msgid() { return msgid; }
    public Event msgid(String v) { this.msgid = v; return this; }

    /** RFC 5424 structured data, as sent */
    public String structuredData() { return structuredData; }
    public Event structuredData(String v) { this.structuredData = v; return this; }

    /** the message part of the log */
    public String message() { return message; }
    public Event message(String v) { this.message = v; return this; }

    /** OSSIM plugin_id */
    public Integer pluginId() { return pluginId; }
    public Event pluginId(Integer v) { this.pluginId = v; return this; }

    /** OSSIM plugin_sid */
    public Integer pluginSid() { return pluginSid; }
    public Event pluginSid(Integer v) { this.pluginSid = v; return this; }

    public String srcIp() { return srcIp; }
    public Event srcIp(String v) { this.srcIp = v; return this; }

    public String dstIp() { return dstIp; }
    public Event dstIp(String v) { this.dstIp = v; return this; }

    public Integer srcPort() { return srcPort; }
    public Event srcPort(Integer v) { this.srcPort = v; return this; }

    public Integer dstPort() { return dstPort; }
    public Event dstPort(Integer v) { this.dstPort = v; return this; }

    public String protocol() { return protocol; }
    public Event protocol(String v) { this.protocol = v; return this; }

    public String username() { return username; }
    public Event username(String v) { this.username = v; return this; }

    public String password() { return password; }
    public Event password(String v) { this.password = v; return this; }

    public String filename() { return filename; }
    public Event filename(String v) { this.filename = v; return this; }

    public String userdata1() { return userdata1; }
    public Event userdata1(String v) { this.userdata1 = v; return this; }

    public String userdata2() { return userdata2; }
    public Event userdata2(String v) { this.userdata2 = v; return this; }

    public String userdata3() { return userdata3; }
    public Event userdata3(String v) { this.userdata3 = v; return this; }

    public String userdata4() { return userdata4; }
    public Event userdata4(String v) { this.userdata4 = v; return this; }

    public String userdata5() { return userdata5; }
    public Event userdata5(String v) { this.userdata5 = v; return this; }

    public String userdata6() { return userdata6; }
    public Event userdata6(String v) { this.userdata6 = v; return this; }

    public String userdata7() { return userdata7; }
    public Event userdata7(String v) { this.userdata7 = v; return this; }

    public String userdata8() { return userdata8; }
    public Event userdata8(String v) { this.userdata8 = v; return this; }

    public String userdata9() { return userdata9; }
    public Event userdata9(String v) { this.userdata9 = v; return this; }

    /** the Sensor that collected it */
    public String sensor() { return sensor; }
    public Event sensor(String v) { this.sensor = v; return this; }

    /** OSSIM interface */
    public String iface() { return iface; }
    public Event iface(String v) { this.iface = v; return this; }

    /** OSSIM priority 0-5 */
    public Integer priority() { return priority; }
    public Event priority(Integer v) { this.priority = v; return this; }

    /** OSSIM reliability 0-10 */
    public Integer reliability() { return reliability; }
    public Event reliability(Integer v) { this.reliability = v; return this; }

    /** taxonomy product type */
    public String productType() { return productType; }
    public Event productType(String v) { this.productType = v; return this; }

    /** taxonomy category */
    public String category() { return category; }
    public Event category(String v) { this.category = v; return this; }

    /** taxonomy subcategory */
    public String subcategory() { return subcategory; }
    public Event subcategory(String v) { this.subcategory = v; return this; }

    /** the message was cut at the maximum size */
    public boolean truncated() { return truncated; }
    public Event truncated(boolean v) { this.truncated = v; return this; }

    /** the message did not parse as syslog; log holds it as received */
    public boolean malformed() { return malformed; }
    public Event malformed(boolean v) { this.malformed = v; return this; }

    /** Fields a plugin or parser found that have no OSSIM name. */
    public Map<String, String> extra() { return extra; }
    public Event extra(String key, String value) { extra.put(key, value); return this; }

    @Override
    public String toString() {
        return "Event{" + id + " " + collector + " " + log + "}";
    }
}
