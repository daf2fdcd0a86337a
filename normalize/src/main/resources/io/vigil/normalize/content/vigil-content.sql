-- Vigil default content: event names, priorities (0-5) and reliabilities (0-10) per
-- plugin_sid, in the OSSIM plugin_sid table's INSERT form. Numbers shared with OSSIM's
-- plugins use OSSIM's sids; the names are Vigil's own wording.

INSERT INTO plugin (id, type, name, description) VALUES (4003, 1, 'sshd', 'OpenSSH server');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (4003, 1, NULL, NULL, 'sshd: failed authentication', 3, 2),
 (4003, 3, NULL, NULL, 'sshd: login attempt for an unknown user', 3, 2),
 (4003, 5, NULL, NULL, 'sshd: root login refused', 3, 2),
 (4003, 7, NULL, NULL, 'sshd: login with password', 1, 2),
 (4003, 8, NULL, NULL, 'sshd: login with public key', 1, 2),
 (4003, 10, NULL, NULL, 'sshd: connection without identification (scanner)', 1, 2),
 (4003, 11, NULL, NULL, 'sshd: client disconnected', 1, 2),
 (4003, 14, NULL, NULL, 'sshd: repeated authentication failures', 3, 3),
 (4003, 17, NULL, NULL, 'sshd: server listening', 1, 1),
 (4003, 25, NULL, NULL, 'sshd: session opened', 1, 2),
 (4003, 26, NULL, NULL, 'sshd: session closed', 1, 2),
 (4003, 27, NULL, NULL, 'sshd: connection closed', 1, 1),
 (4003, 99, NULL, NULL, 'sshd: other message', 0, 1);

INSERT INTO plugin (id, type, name, description) VALUES (4005, 1, 'sudo', 'sudo');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (4005, 3, NULL, NULL, 'sudo: command run as another user', 2, 2),
 (4005, 4, NULL, NULL, 'sudo: user not in sudoers', 3, 3),
 (4005, 5, NULL, NULL, 'sudo: session opened', 1, 2),
 (4005, 6, NULL, NULL, 'sudo: session closed', 1, 2),
 (4005, 7, NULL, NULL, 'sudo: authentication failure', 3, 2),
 (4005, 8, NULL, NULL, 'sudo: command not allowed', 3, 3);

INSERT INTO plugin (id, type, name, description) VALUES (4004, 1, 'pam_unix', 'PAM and account tools');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (4004, 1, NULL, NULL, 'pam: session opened', 1, 2),
 (4004, 11, NULL, NULL, 'pam: session closed', 1, 2),
 (4004, 2, NULL, NULL, 'pam: authentication failure', 3, 2),
 (4004, 4, NULL, NULL, 'account: user created', 3, 3),
 (4004, 5, NULL, NULL, 'account: group created', 2, 3),
 (4004, 6, NULL, NULL, 'account: password changed', 3, 3),
 (4004, 7, NULL, NULL, 'account: user deleted', 3, 3);

INSERT INTO plugin (id, type, name, description) VALUES (9001, 1, 'su', 'su (Vigil)');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (9001, 1, NULL, NULL, 'su: switched user', 2, 2),
 (9001, 2, NULL, NULL, 'su: failed', 3, 3),
 (9001, 3, NULL, NULL, 'su: session opened', 1, 2),
 (9001, 4, NULL, NULL, 'su: session closed', 1, 2);

INSERT INTO plugin (id, type, name, description) VALUES (9002, 1, 'cron', 'cron (Vigil)');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (9002, 1, NULL, NULL, 'cron: command run', 0, 1),
 (9002, 2, NULL, NULL, 'cron: session opened', 0, 1),
 (9002, 3, NULL, NULL, 'cron: session closed', 0, 1),
 (9002, 4, NULL, NULL, 'cron: crontab changed', 2, 2);

INSERT INTO plugin (id, type, name, description) VALUES (1503, 1, 'iptables', 'Netfilter LOG (iptables, nftables)');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (1503, 1, NULL, NULL, 'netfilter: packet accepted', 0, 1),
 (1503, 2, NULL, NULL, 'netfilter: packet rejected', 1, 2),
 (1503, 3, NULL, NULL, 'netfilter: packet dropped', 1, 2),
 (1503, 6, NULL, NULL, 'netfilter: packet logged', 1, 1);

INSERT INTO plugin (id, type, name, description) VALUES (9003, 1, 'nginx', 'nginx (Vigil)');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (9003, 100, NULL, NULL, 'nginx: informational response', 0, 1),
 (9003, 200, NULL, NULL, 'nginx: successful request', 0, 1),
 (9003, 300, NULL, NULL, 'nginx: redirect', 0, 1),
 (9003, 400, NULL, NULL, 'nginx: client error', 1, 1),
 (9003, 500, NULL, NULL, 'nginx: server error', 2, 1),
 (9003, 1000, NULL, NULL, 'nginx: emergency', 4, 2),
 (9003, 1001, NULL, NULL, 'nginx: alert', 3, 2),
 (9003, 1002, NULL, NULL, 'nginx: critical error', 3, 2),
 (9003, 1003, NULL, NULL, 'nginx: error', 2, 2),
 (9003, 1004, NULL, NULL, 'nginx: warning', 1, 2),
 (9003, 1005, NULL, NULL, 'nginx: notice', 0, 1),
 (9003, 1006, NULL, NULL, 'nginx: info', 0, 1),
 (9003, 1007, NULL, NULL, 'nginx: debug', 0, 1);

INSERT INTO plugin (id, type, name, description) VALUES (1501, 1, 'apache', 'Apache httpd');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (1501, 200, NULL, NULL, 'apache: OK', 0, 1),
 (1501, 301, NULL, NULL, 'apache: moved permanently', 0, 1),
 (1501, 302, NULL, NULL, 'apache: found', 0, 1),
 (1501, 304, NULL, NULL, 'apache: not modified', 0, 1),
 (1501, 400, NULL, NULL, 'apache: bad request', 1, 1),
 (1501, 401, NULL, NULL, 'apache: unauthorized', 1, 2),
 (1501, 403, NULL, NULL, 'apache: forbidden', 1, 2),
 (1501, 404, NULL, NULL, 'apache: not found', 1, 1),
 (1501, 500, NULL, NULL, 'apache: internal server error', 2, 1),
 (1501, 1000, NULL, NULL, 'apache: error log', 1, 1);

INSERT INTO plugin (id, type, name, description) VALUES (1521, 1, 'postfix', 'Postfix');
INSERT INTO plugin_sid (plugin_id, sid, category_id, class_id, name, priority, reliability) VALUES
 (1521, 1, NULL, NULL, 'postfix: message rejected', 1, 2),
 (1521, 2, NULL, NULL, 'postfix: SASL authentication failed', 3, 3),
 (1521, 3, NULL, NULL, 'postfix: delivered', 0, 1),
 (1521, 4, NULL, NULL, 'postfix: deferred', 1, 1),
 (1521, 5, NULL, NULL, 'postfix: bounced', 1, 1),
 (1521, 6, NULL, NULL, 'postfix: expired', 1, 1),
 (1521, 7, NULL, NULL, 'postfix: delivery status', 0, 1),
 (1521, 8, NULL, NULL, 'postfix: client connected', 0, 1),
 (1521, 9, NULL, NULL, 'postfix: client disconnected', 0, 1);
