package io.baedal.platform.logging;

import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/** Stable field names of our structured log lines, and the one rule for adding the order id. */
public final class LogFields {

    public static final String EVENT = "event";
    public static final String ORDER_ID = "orderId";
    public static final String SAGA_ID = "sagaId";

    private LogFields() {
    }

    /** Adds {@code orderId} unless the logging context has it already (a JSON line carries each field once). */
    public static LoggingEventBuilder order(LoggingEventBuilder line, Object orderId) {
        if (orderId == null || orderId.toString().equals(MDC.get(ORDER_ID))) {
            return line;
        }
        return line.addKeyValue(ORDER_ID, orderId.toString());
    }
}
