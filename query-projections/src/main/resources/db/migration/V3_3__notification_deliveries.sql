-- What the simulated notification provider (LoggingNotificationSender) has delivered, by idempotency
-- key, as a real provider remembers keys: a notification sent again after a crash (the dispatcher's
-- batch did not commit) is recognised and not delivered twice.
CREATE TABLE notification_delivery (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    delivered_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
