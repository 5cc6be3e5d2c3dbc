package io.baedal.query.admin;

import io.baedal.coreapi.order.OrderRelated;
import io.baedal.platform.faults.Faults;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.stereotype.Component;

/**
 * A view handler that fails for chosen orders, on purpose ({@code failingViewOrders} of the fault
 * switches): every event handler of the views (the classes of this module with a processing group)
 * throws for an event of such an order. The failure happens inside the handler, where the view's
 * dead-letter queue catches it: the event and the rest of that order's sequence are set aside
 * ({@code baedal_deadletters}) while other orders' events go on. An interceptor on the processor
 * would sit outside the dead-lettering and fail the whole batch instead, stalling every order that
 * shares the segment. Once the order is off the list, {@link DeadLetterRetry} handles the letters.
 */
@Component
class FailingViews implements HandlerEnhancerDefinition {

    /** What a view handler throws for an order whose view is switched to fail. */
    static class InjectedViewFault extends RuntimeException {

        InjectedViewFault(String message) {
            super(message);
        }
    }

    private final Faults faults;

    FailingViews(Faults faults) {
        this.faults = faults;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !isView(original)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (message.getPayload() instanceof OrderRelated related
                        && faults.current().failsViewOf(related.orderId().value())) {
                    throw new InjectedViewFault("Fault switch: the views fail for order " + related.orderId()
                            + " (" + message.getPayloadType().getSimpleName() + ")");
                }
                return super.handle(message, target);
            }
        };
    }

    private static boolean isView(MessageHandlingMember<?> member) {
        Class<?> declaring;
        try {
            declaring = member.declaringClass();
        } catch (UnsupportedOperationException notAMethod) {
            return false;
        }
        return declaring.getPackageName().startsWith("io.baedal.query.")
                && declaring.isAnnotationPresent(ProcessingGroup.class);
    }
}
