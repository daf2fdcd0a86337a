-- Alarms from Sigma rules beside those of directives: which kind of rule, its id, its level,
-- and the rule's ATT&CK tags and references (newline-separated). Suppressions can name a
-- Sigma rule by id.
ALTER TABLE alarms ADD COLUMN rule_source VARCHAR(16) DEFAULT 'directive' NOT NULL;
ALTER TABLE alarms ADD COLUMN rule_id VARCHAR(200);
ALTER TABLE alarms ADD COLUMN rule_level VARCHAR(16);
ALTER TABLE alarms ADD COLUMN tags VARCHAR(4000);
ALTER TABLE alarms ADD COLUMN refs VARCHAR(8000);
CREATE INDEX alarms_by_rule ON alarms (rule_id);
ALTER TABLE suppressions ADD COLUMN rule_id VARCHAR(200);
