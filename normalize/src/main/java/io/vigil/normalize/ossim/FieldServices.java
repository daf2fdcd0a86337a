package io.vigil.normalize.ossim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Service names to port numbers for {@code resolv_port()} (the agent asks
 * {@code getservbyname}, which reads /etc/services): /etc/services when it can be read,
 * then a built-in table of common services for names it lacks.
 */
public final class FieldServices {

    /** Common services: name port (any protocol). Only what /etc/services does not say is taken from here. */
    private static final String BUILT_IN = """
            tcpmux 1
            echo 7
            discard 9
            systat 11
            daytime 13
            netstat 15
            qotd 17
            chargen 19
            ftp-data 20
            ftp 21
            ssh 22
            telnet 23
            smtp 25 mail
            time 37
            whois 43 nicname
            tacacs 49
            domain 53
            bootps 67
            bootpc 68
            tftp 69
            gopher 70
            finger 79
            http 80 www
            kerberos 88 kerberos5 krb5 kerberos-sec
            pop3 110 pop-3
            sunrpc 111 portmapper
            auth 113 authentication tap ident
            nntp 119 readnews untp
            ntp 123
            epmap 135 loc-srv
            netbios-ns 137
            netbios-dgm 138
            netbios-ssn 139
            imap2 143 imap
            snmp 161
            snmp-trap 162 snmptrap
            bgp 179
            irc 194
            imap3 220
            ldap 389
            https 443
            microsoft-ds 445
            kpasswd 464
            submissions 465 ssmtp smtps
            isakmp 500
            exec 512
            login 513
            shell 514 cmd
            syslog 514
            printer 515 spooler
            talk 517
            ntalk 518
            route 520 router routed
            uucp 540 uucpd
            rtsp 554
            nntps 563 snntp
            submission 587
            ipp 631
            ldaps 636
            kerberos-adm 749
            rsync 873
            ftps-data 989
            ftps 990
            telnets 992
            imaps 993
            ircs 994
            pop3s 995
            socks 1080
            openvpn 1194
            ms-sql-s 1433
            ms-sql-m 1434
            ingreslock 1524
            pptp 1723
            radius 1812
            radius-acct 1813 radacct
            nfs 2049
            cvspserver 2401
            squid 3128
            mysql 3306
            ms-wbt-server 3389
            svn 3690 subversion
            sip 5060
            sip-tls 5061
            xmpp-client 5222 jabber-client
            xmpp-server 5269 jabber-server
            mdns 5353
            postgresql 5432 postgres
            amqp 5672
            rfb 5900 vnc
            x11 6000 x11-0
            redis 6379
            syslog-tls 6514
            http-alt 8080 webcache
            """;

    private static volatile FieldServices system;

    private final Map<String, String> ports;

    private FieldServices(Map<String, String> ports) {
        this.ports = Map.copyOf(ports);
    }

    /** /etc/services (read once) and the built-in table. */
    public static FieldServices system() {
        FieldServices s = system;
        if (s == null) {
            Map<String, String> m = new HashMap<>();
            Path etc = Path.of("/etc/services");
            if (Files.isReadable(etc)) {
                try (Reader r = Files.newBufferedReader(etc, StandardCharsets.ISO_8859_1)) {
                    read(r, m);
                } catch (IOException | UncheckedIOException e) {
                    // unreadable after all: the built-in table alone
                }
            }
            read(new StringReader(BUILT_IN), m);
            system = s = new FieldServices(m);
        }
        return s;
    }

    /** The built-in table only. */
    public static FieldServices builtIn() {
        Map<String, String> m = new HashMap<>();
        read(new StringReader(BUILT_IN), m);
        return new FieldServices(m);
    }

    /** A table in /etc/services format ({@code name port/proto aliases... # comment}), then the built-in one. */
    public static FieldServices parse(Reader services) {
        Map<String, String> m = new HashMap<>();
        read(services, m);
        read(new StringReader(BUILT_IN), m);
        return new FieldServices(m);
    }

    /** The port number of the service (case-insensitive), or null. */
    public String port(String name) {
        return ports.get(name.toLowerCase(Locale.ROOT));
    }

    private static void read(Reader reader, Map<String, String> into) {
        try (BufferedReader r = new BufferedReader(reader)) {
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                String[] words = line.trim().split("\\s+");
                if (words.length < 2 || words[0].isEmpty()) continue;
                String port = words[1];
                int slash = port.indexOf('/');
                if (slash >= 0) port = port.substring(0, slash);
                if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) continue;
                int number = Integer.parseInt(port);
                if (number > 65535) continue;
                String value = Integer.toString(number);
                into.putIfAbsent(words[0].toLowerCase(Locale.ROOT), value);
                for (int i = 2; i < words.length; i++) into.putIfAbsent(words[i].toLowerCase(Locale.ROOT), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
