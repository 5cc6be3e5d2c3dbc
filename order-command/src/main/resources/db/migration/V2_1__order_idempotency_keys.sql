-- Idempotency keys of POST /api/orders: a retried request returns the order of its first try.
CREATE TABLE order_idempotency_key (
    idempotency_key     VARCHAR(200) PRIMARY KEY,
    request_fingerprint CHAR(64)     NOT NULL,
    order_id            VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
