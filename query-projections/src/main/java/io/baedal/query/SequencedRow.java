package io.baedal.query;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * A view row built from one aggregate's events: it remembers the sequence number of the last event
 * applied, so an event delivered again (or an older one) changes nothing.
 */
@MappedSuperclass
public abstract class SequencedRow {

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;
    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected void created(long sequence, Instant at) {
        lastSequence = sequence;
        updatedAt = at;
    }

    /** True, and the row marked as changed by this event, unless the event was applied before. */
    protected boolean accept(long sequence, Instant at) {
        if (sequence <= lastSequence) {
            return false;
        }
        lastSequence = sequence;
        updatedAt = at;
        return true;
    }

    protected Instant updatedAt() {
        return updatedAt;
    }
}
