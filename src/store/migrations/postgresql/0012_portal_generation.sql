-- zhifa schema 12: the portal's generation, a counter that grows whenever
-- what the portal shows of publications may have changed (any publication
-- row inserted, updated or deleted, a body renamed). Each server keeps
-- rendered public pages in memory tagged with the generation they were
-- rendered at, and drops them once the counter moved (web/page_cache.h), so
-- several servers on one database agree within about a second. Statement
-- triggers bump it in the transaction of the change, whatever code path made
-- it (once per statement: a batch insert bumps it once).
CREATE TABLE portal_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  BIGINT NOT NULL
);
INSERT INTO portal_generation (id, n) VALUES (1, 1);
CREATE FUNCTION portal_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
	RETURN NULL;
END
$$;
CREATE TRIGGER publication_gen AFTER INSERT OR UPDATE OR DELETE ON publication
	FOR EACH STATEMENT EXECUTE FUNCTION portal_generation_bump();
CREATE TRIGGER body_gen AFTER UPDATE ON body
	FOR EACH STATEMENT EXECUTE FUNCTION portal_generation_bump();
