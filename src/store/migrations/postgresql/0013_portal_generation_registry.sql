-- zhifa schema 13: the portal's generation (schema 12) also follows the
-- registry the portal shows — the officer list, certificate checks and the
-- bodies' pages are kept by the servers like the publications — so any
-- officer row inserted, updated or deleted and any body added or removed
-- raises it in the transaction of the change.
CREATE TRIGGER officer_gen AFTER INSERT OR UPDATE OR DELETE ON officer
	FOR EACH STATEMENT EXECUTE FUNCTION portal_generation_bump();
CREATE TRIGGER body_gen_insert_delete AFTER INSERT OR DELETE ON body
	FOR EACH STATEMENT EXECUTE FUNCTION portal_generation_bump();
