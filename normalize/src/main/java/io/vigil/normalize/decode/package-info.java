/**
 * Decoders for log formats that carry their own structure, so that no plugin regexp is
 * needed: {@link io.vigil.normalize.decode.CefDecoder CEF},
 * {@link io.vigil.normalize.decode.LeefDecoder LEEF 1.0/2.0},
 * {@link io.vigil.normalize.decode.WindowsEventJsonDecoder Windows events as JSON} (NXLog,
 * Winlogbeat, Wazuh), {@link io.vigil.normalize.decode.WindowsEventXmlDecoder Windows events as XML}
 * (Event Viewer, wevtutil, evtx renderings), {@link io.vigil.normalize.decode.JsonLineDecoder JSON lines} with a
 * configurable mapping and {@link io.vigil.normalize.decode.KeyValueDecoder key=value}.
 * {@link io.vigil.normalize.decode.Decoders} tries them in that order and takes the first whose
 * {@code accepts} says yes.
 *
 * <h2>Common rules</h2>
 * <ul>
 *   <li>{@code decode} never throws: what cannot be read is listed in
 *       {@link io.vigil.normalize.decode.Decoded#errors()} (in the event: {@code extra.decode_error},
 *       joined by {@code "; "}) and the rest is kept; the raw line stays in the event's {@code log}.</li>
 *   <li>The event gets {@code extra.decoder} (cef, leef, windows-json, windows-xml, json, kv) and, under
 *       {@code <decoder>.<name>}, every field not moved verbatim to an event field: header
 *       fields, times, severities and values rewritten on the way (an IPv4-mapped address,
 *       {@code 6} read as {@code TCP}) stay there as sent.</li>
 *   <li>Empty values, {@code -} and {@code N/A} fill no event field. Addresses must be IPv4 or
 *       IPv6 literals (never looked up), ports 0-65535; anything else is an error (the JSON
 *       decoder's default paths, which only guess, pass such values over silently).</li>
 *   <li>protocol: names upper-cased, 1/6/17/58 named ICMP/TCP/UDP/IPV6-ICMP.</li>
 *   <li>Times without a zone are read in the decoder's zone (UTC unless configured); epoch
 *       numbers are told apart by their digits (s, ms, us, ns).</li>
 *   <li>userdata slots are shared where the formats allow: 1 the event id or class, 2 its
 *       name or category (Windows: the channel), 3 the action (Windows: the logon type), 4 the
 *       URL (Windows: the workstation), 5 the application protocol (Windows: the command line),
 *       6 and 7 the source and destination host names (Windows: parent process, the user's
 *       domain), 8 and 9 the source and destination MAC addresses (Windows: status, subject
 *       user).</li>
 *   <li>plugin_id and plugin_sid are not set: that is the plugins' and the routing's part.</li>
 * </ul>
 */
package io.vigil.normalize.decode;
