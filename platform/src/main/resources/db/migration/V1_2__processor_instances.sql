-- Instances of this service alive now (SegmentBalancer): each one writes its row every few seconds,
-- and the processors' segments are shared out among the instances seen recently.
CREATE TABLE processor_instance (
    owner   VARCHAR(255) PRIMARY KEY,
    seen_at TIMESTAMPTZ  NOT NULL
);
