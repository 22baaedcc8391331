-- The daemon keeps API keys and trader profiles in memory (they are read on every declaration
-- and change rarely) only while it hears every change to them: these triggers NOTIFY the changed
-- row's key when the change commits, whoever makes it (`smartgate carrier revoke`, an inspection
-- result, a supervisor, or plain SQL). An empty payload (TRUNCATE) means "forget everything".
-- See NotifiedCache in Sources/PostgresClient and Docs/architecture.md.

CREATE FUNCTION notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('smartgate_api_keys', '');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('smartgate_api_keys', OLD.key_id);
    ELSE
        PERFORM pg_notify('smartgate_api_keys', NEW.key_id);
        IF TG_OP = 'UPDATE' AND OLD.key_id IS DISTINCT FROM NEW.key_id THEN
            PERFORM pg_notify('smartgate_api_keys', OLD.key_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER carrier_api_keys_notify AFTER INSERT OR UPDATE OR DELETE ON carrier_api_keys
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();
CREATE TRIGGER carrier_api_keys_notify_truncate AFTER TRUNCATE ON carrier_api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_api_key_change();

CREATE FUNCTION notify_trader_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('smartgate_traders', '');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('smartgate_traders', OLD.tax_code);
    ELSE
        PERFORM pg_notify('smartgate_traders', NEW.tax_code);
        IF TG_OP = 'UPDATE' AND OLD.tax_code IS DISTINCT FROM NEW.tax_code THEN
            PERFORM pg_notify('smartgate_traders', OLD.tax_code);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER traders_notify AFTER INSERT OR UPDATE OR DELETE ON traders
    FOR EACH ROW EXECUTE FUNCTION notify_trader_change();
CREATE TRIGGER traders_notify_truncate AFTER TRUNCATE ON traders
    FOR EACH STATEMENT EXECUTE FUNCTION notify_trader_change();
