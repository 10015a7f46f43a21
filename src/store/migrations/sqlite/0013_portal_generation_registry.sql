-- zhifa schema 13: the portal's generation (schema 12) also follows the
-- registry the portal shows — the officer list, certificate checks and the
-- bodies' pages are kept by the servers like the publications — so any
-- officer row inserted, updated or deleted and any body added or removed
-- raises it in the transaction of the change.
CREATE TRIGGER officer_gen_insert AFTER INSERT ON officer
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER officer_gen_update AFTER UPDATE ON officer
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER officer_gen_delete AFTER DELETE ON officer
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER body_gen_insert AFTER INSERT ON body
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
CREATE TRIGGER body_gen_delete AFTER DELETE ON body
BEGIN
	UPDATE portal_generation SET n = n + 1 WHERE id = 1;
END;
