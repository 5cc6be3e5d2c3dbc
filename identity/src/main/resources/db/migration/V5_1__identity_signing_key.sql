-- The demo token issuer's signing key (module identity): one row, made on the first start.
CREATE TABLE identity_signing_key (
    key_id     VARCHAR(64) PRIMARY KEY,
    jwk        TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
