package io.vigil.store;

import static io.vigil.store.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.event.Event;
import io.vigil.core.store.InvalidQueryException;
import io.vigil.core.store.SearchRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class QuerySyntaxTest {
    /** The layout under test; a subclass runs the same tests on the other one. */
    LuceneEventStore.Layout layout() {
        return LuceneEventStore.Layout.EVENTS;
    }

    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir static Path tmp;
    LuceneEventStore store;

    @BeforeAll
    void fill() throws IOException {
        store = new LuceneEventStore(tmp.resolve(layout().name()), layout(), Retention.NONE, Duration.ofSeconds(1), new TestEvents.MutableClock(T));
        store.append(List.of(
                at(T, "Nov 25 10:00:00 web01 sshd[811]: Failed password for invalid user admin from 192.168.1.10 port 52144 ssh2")
                        .host("web01").app("sshd").severity(4).srcIp("192.168.1.10").srcPort(52144).dstPort(22).username("admin")
                        .extra("geo", "NL").log("Nov 25 10:00:00 web01 sshd[811]: Failed password for invalid user admin from 192.168.1.10 port 52144 ssh2")
                        .message("Failed password for invalid user admin from 192.168.1.10 port 52144 ssh2"),
                at(T.plusSeconds(1), "Nov 25 10:00:01 web02 sshd[812]: Accepted publickey for Bob from 10.0.0.7 port 40022 ssh2")
                        .host("web02").app("sshd").severity(6).srcIp("10.0.0.7").srcPort(40022).dstPort(22).username("Bob"),
                at(T.plusSeconds(2), "Nov 25 10:00:02 db01 CRON[99]: pam_unix(cron:session): session opened for user root by (uid=0)")
                        .host("db01").app("CRON").severity(6).username("root"),
                at(T.plusSeconds(3), "kernel: [UFW BLOCK] IN=eth0 SRC=2001:db8::5 DST=10.0.0.1 PROTO=TCP SPT=443 DPT=8080")
                        .host("fw.example.com").app("kernel").severity(3).srcIp("2001:db8::5").dstIp("10.0.0.1").srcPort(443).dstPort(8080),
                at(T.plusSeconds(4), "GET /index.html?user=alice HTTP/1.1 200 from web01.example.com.")
                        .host("WEB01").app("nginx").severity(7).srcIp("not-an-ip")));
        store.refresh();
    }

    @AfterAll
    void close() throws IOException {
        store.close();
    }

    /** query, the hosts of the events it finds (newest first), separated by spaces */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            *                                  | WEB01 fw.example.com db01 web02 web01
            ''                                 | WEB01 fw.example.com db01 web02 web01
            *:*                                | WEB01 fw.example.com db01 web02 web01
            app:sshd                           | web02 web01
            app:SSHD                           |
            app:CRON                           | db01
            invalid                            | web01
            INVALID                            | web01
            log:invalid                        | web01
            log:192.168.1.10                   | web01
            192.168.1.10                       | web01
            log:192.168.1                      |
            log:192.168.*                      | web01
            log:168                            | web01
            log:"Failed password"              | web01
            "failed password"                  | web01
            "password failed"                  |
            failed password                    | web01
            failed OR accepted                 | web02 web01
            failed accepted                    |
            ssh2 -failed                       | web02
            ssh2 AND NOT failed                | web02
            NOT sshd                           | WEB01 fw.example.com db01
            NOT app:sshd AND NOT app:nginx     | fw.example.com db01
            (app:sshd OR app:CRON) AND root    | db01
            log:"pam_unix(cron:session)"       | db01
            pam_unix                           | db01
            unix                               | db01
            cron                               | db01
            uid=0                              | db01
            log:"user=alice"                   | WEB01
            user=alice                         | WEB01
            alice                              | WEB01
            index.html                         | WEB01
            web01.example.com                  | WEB01
            example                            | WEB01
            log:"2001:db8::5"                  | fw.example.com
            2001\\:db8\\:\\:5                  | fw.example.com
            "SRC=2001:db8::5"                  | fw.example.com
            db8                                | fw.example.com
            fail*                              | web01
            F?iled                             | web01
            *ccepted                           | web02
            message:failed                     | web01
            message:*                          | web01
            host:web*                          | web02 web01
            host:*.example.com                 | fw.example.com
            host:WEB*                          | WEB01
            host:[a TO web01]                  | fw.example.com db01 web01
            username:Bob                       | web02
            username:bob                       |
            severity:6                         | db01 web02
            severity:[0 TO 4]                  | fw.example.com web01
            severity:{3 TO 6]                  | db01 web02 web01
            severity:[6 TO *]                  | WEB01 db01 web02
            severity:[* TO 3]                  | fw.example.com
            src_port:52144                     | web01
            dst_port:22                        | web02 web01
            dst_port:[1000 TO 65535]           | fw.example.com
            src_port:*                         | fw.example.com web02 web01
            src_ip:10.0.0.7                    | web02
            src_ip:"10.0.0.0/8"                | web02
            src_ip:10.0.0.0\\/8                | web02
            src_ip:"192.168.0.0/16"            | web01
            src_ip:"2001:db8::/32"             | fw.example.com
            src_ip:"0.0.0.0/0"                 | web02 web01
            src_ip:[10.0.0.0 TO 10.0.0.255]    | web02
            src_ip:[10.0.0.8 TO *]             | web01
            src_ip:not-an-ip                   | WEB01
            dst_ip:10.0.0.1                    | fw.example.com
            extra.geo:NL                       | web01
            extra.geo:nl                       |
            extra.nothing:x                    |
            extra.geo:*                        | web01
            extra.ge:*                         |
            extra.geo:N*                       | web01
            extra.geo:?L                       | web01
            extra.geo:[M TO O]                 | web01
            extra.geo:[O TO *]                 |
            extra.geo:[* TO NL]                | web01
            extra.geo:{* TO NL}                |
            extra.geo:/N./                     | web01
            extra.geo:NK~1                     | web01
            time:[2026-11-25T10:00:01Z TO 2026-11-25T10:00:03Z}  | db01 web02
            time:["2026-11-25T10:00:03Z" TO *] | WEB01 fw.example.com
            time:2026-11-25                    | WEB01 fw.example.com db01 web02 web01
            time:2026-11-24                    |
            truncated:false                    | WEB01 fw.example.com db01 web02 web01
            malformed:true                     |
            collector:syslog-udp AND severity:7 | WEB01
            """)
    void finds(String query, String hosts) throws IOException {
        List<String> expected = hosts == null ? List.of() : List.of(hosts.trim().split("\\s+"));
        assertThat(store.search(SearchRequest.of(query, 100)).events()).extracting(Event::host).as(query).containsExactlyElementsOf(expected);
        assertThat(store.count(SearchRequest.of(query, 100))).as(query).isEqualTo(expected.size());
    }

    @Test
    void syntaxErrorsSayWhereAndWhy() {
        assertThatThrownBy(() -> store.search(SearchRequest.of("app:(sshd", 10)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("Cannot parse 'app:(sshd'")
                .hasMessageContaining("column");
        assertThatThrownBy(() -> store.count(SearchRequest.of("severity:[1 TO", 10))).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> store.search(SearchRequest.of("AND", 10))).isInstanceOf(InvalidQueryException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sevrity:3                  | unknown field 'sevrity'
            Host:web01                 | unknown field 'Host'
            severity:high              | severity is a number, 'high' is not an integer
            severity:[low TO 3]        | severity is a number
            severity:3*                | severity is a number
            src_port:/2.*/             | src_port is a number
            time:yesterday             | time takes epoch milliseconds, an ISO instant
            src_ip:"10.0.0.0/99"       | is not a CIDR block
            """)
    void meaningfulErrors(String query, String message) {
        assertThatThrownBy(() -> store.search(SearchRequest.of(query, 10)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining(message);
    }
}
