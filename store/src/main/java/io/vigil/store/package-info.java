/**
 * The embedded event store: {@link io.vigil.store.LuceneEventStore}, Apache Lucene with one
 * index per UTC day.
 *
 * <h2>Searching</h2>
 * Lucene's classic query syntax over the event's JSON field names (case-sensitive names):
 * <table>
 *   <caption>How each field is indexed and matched</caption>
 *   <tr><th>kind</th><th>fields</th><th>matching</th></tr>
 *   <tr><td>text</td><td>log (the default field), message, structured_data</td>
 *       <td>case-insensitive words; {@code 192.168.1.10}, {@code web01.example.com} or
 *       {@code /var/log/auth.log} are one word each, and their parts ({@code example}) match
 *       too; {@code "failed password"} is a phrase; {@code user=root} is the phrase
 *       {@code "user root"}</td></tr>
 *   <tr><td>keyword</td><td>id, collector, peer, host, app, procid, msgid, src_ip, dst_ip,
 *       protocol, username, password, filename, userdata1..9, sensor, interface, product_type,
 *       category, subcategory, extra.&lt;name&gt;; truncated and malformed ({@code true} or
 *       {@code false})</td>
 *       <td>the whole value, exactly as stored, case included ({@code app:sshd},
 *       {@code host:web*}, {@code peer:"10.0.0.1:514"}); values are indexed up to 8191
 *       characters. src_ip and dst_ip also take CIDR blocks ({@code src_ip:"10.0.0.0/8"}) and
 *       address ranges ({@code dst_ip:[10.0.0.0 TO 10.0.0.255]})</td></tr>
 *   <tr><td>number</td><td>facility, severity, plugin_id, plugin_sid, src_port, dst_port,
 *       priority, reliability</td>
 *       <td>{@code dst_port:22}, {@code severity:[0 TO 3]}, {@code priority:{2 TO *]}</td></tr>
 *   <tr><td>time</td><td>time, received</td>
 *       <td>epoch milliseconds, an ISO instant (quoted: {@code time:"2026-11-25T10:00:00Z"})
 *       or a date (its whole UTC day); ranges as for numbers</td></tr>
 * </table>
 * Terms are joined by AND unless OR is written; {@code NOT x} alone means all but x;
 * {@code field:*} means the field is present; blank or {@code *} matches everything; an
 * unknown field is an error. Results are sorted by event time (falling back to receive time),
 * ties by id, and paged with an opaque cursor.
 */
package io.vigil.store;
