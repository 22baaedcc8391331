-- The daemon keeps registered partners and their signing keys in memory (they are read on every
-- partner request) only while it hears every change to them, as Migrations/0006 does for API
-- keys. Partners are few and change by hand, so any change to either table says "forget every
-- partner" (an empty payload). A key retired meanwhile still cannot store anything: the group
-- commit checks a pushed declaration's signing key again (Sources/DeclarationStore).

CREATE FUNCTION notify_partner_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('smartgate_partners', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER partners_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partners
    FOR EACH STATEMENT EXECUTE FUNCTION notify_partner_change();
CREATE TRIGGER partner_keys_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_partner_change();
