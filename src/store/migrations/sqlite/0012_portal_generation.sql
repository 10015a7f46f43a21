-- zhifa schema 12: the portal's generation, a counter that grows whenever
-- what the portal shows of publications may have changed (any publication
-- row inserted, updated or deleted, a body renamed). Each server keeps
-- rendered public pages in memory tagged with the generation they were
-- rendered at, and drops them once the counter moved (web/page_cache.h), so
-- several servers on one database agree within about a second. Triggers
-- bump it in the transaction of the change, whatever code path made it.
CREATE TABLE portal_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO portal_generation (id, n) VALUES (1, 1);
CREATE TRIGGER publication_gen_insert AFTER INSERT ON publication
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER publication_gen_update AFTER UPDATE ON publication
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER publication_gen_delete AFTER DELETE ON publication
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER body_gen_update AFTER UPDATE ON body
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
