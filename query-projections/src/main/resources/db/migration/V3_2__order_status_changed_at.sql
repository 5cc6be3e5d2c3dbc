-- When each order reached its current status, for the stalled-order watchdog. updated_at is not
-- that: ids from other contexts (ticket, delivery, rider) change it too. Rows that exist already
-- take the time of their last timeline entry.

ALTER TABLE order_status_view ADD COLUMN status_changed_at TIMESTAMP(6) WITH TIME ZONE;

UPDATE order_status_view o
SET status_changed_at = COALESCE(
        (SELECT t.at FROM order_status_timeline t WHERE t.order_id = o.order_id ORDER BY t.position DESC LIMIT 1),
        o.updated_at);

ALTER TABLE order_status_view ALTER COLUMN status_changed_at SET NOT NULL;

CREATE INDEX order_status_view_status_changed ON order_status_view (status, status_changed_at);

-- The watchdog compares each order with its ticket.
CREATE INDEX kitchen_ticket_view_order ON kitchen_ticket_view (order_id);
