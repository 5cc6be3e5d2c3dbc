package io.baedal.platform.axon;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts what is known about the message being handled into the logging context: Axon's
 * correlation and trace ids, and the order it is about. Every log line written while handling
 * it (by us or by Axon) then carries those fields.
 */
public class LoggingContextInterceptor<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    public static final String CORRELATION_ID = "correlationId";
    public static final String TRACE_ID = "traceId";
    public static final String ORDER_ID = "orderId";

    private static final Map<Class<?>, Optional<RecordComponent>> ORDER_ID_COMPONENTS = new ConcurrentHashMap<>();

    /**
     * With tracing on, the OpenTelemetry trace id that the message's W3C {@code traceparent}
     * carries (version-traceid-spanid-flags), so that a log line links to its trace; otherwise
     * Axon's own trace id (the id of the message that started the chain).
     */
    static Object traceIdOf(Message<?> message) {
        Object traceparent = message.getMetaData().get("traceparent");
        if (traceparent instanceof String header) {
            String[] parts = header.split("-");
            if (parts.length == 4 && parts[1].length() == 32) {
                return parts[1];
            }
        }
        return message.getMetaData().get("traceId");
    }

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
        Message<?> message = unitOfWork.getMessage();
        Map<String, String> previous = MDC.getCopyOfContextMap();
        try {
            put(CORRELATION_ID, message.getMetaData().get("correlationId"));
            put(TRACE_ID, traceIdOf(message));
            put(ORDER_ID, orderIdOf(message.getPayload()));
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(previous);
            }
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }

    /**
     * The order a command, event or query is about: its record's {@code orderId} component, if it
     * has one. Found by name, so that the platform needs no context's message types.
     */
    public static Object orderIdOf(Object payload) {
        if (payload == null || !payload.getClass().isRecord()) {
            return null;
        }
        Optional<RecordComponent> component = ORDER_ID_COMPONENTS.computeIfAbsent(payload.getClass(),
                type -> Arrays.stream(type.getRecordComponents())
                        .filter(candidate -> candidate.getName().equals(ORDER_ID))
                        .findFirst());
        if (component.isEmpty()) {
            return null;
        }
        try {
            return component.get().getAccessor().invoke(payload);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
