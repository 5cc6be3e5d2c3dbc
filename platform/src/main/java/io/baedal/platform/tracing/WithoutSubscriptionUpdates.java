package io.baedal.platform.tracing;

import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

/**
 * Axon's spans minus one per subscription-query update: every change of an order followed on its
 * live stream is such an update, and their spans would bury the order's path in its trace.
 */
final class WithoutSubscriptionUpdates implements SpanFactory {

    private final SpanFactory delegate;

    WithoutSubscriptionUpdates(SpanFactory delegate) {
        this.delegate = delegate;
    }

    private static boolean isUpdate(Message<?> message) {
        return message instanceof SubscriptionQueryUpdateMessage<?>;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return delegate.createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                  boolean isChildTrace, Message<?>... linkedParents) {
        return isUpdate(parentMessage) ? NoOpSpanFactory.NoOpSpan.INSTANCE
                : delegate.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                   Message<?>... linkedSiblings) {
        return isUpdate(parentMessage) ? NoOpSpanFactory.NoOpSpan.INSTANCE
                : delegate.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return delegate.createInternalSpan(operationNameSupplier);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return isUpdate(message) ? NoOpSpanFactory.NoOpSpan.INSTANCE
                : delegate.createInternalSpan(operationNameSupplier, message);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        delegate.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return isUpdate(message) ? message : delegate.propagateContext(message);
    }
}
