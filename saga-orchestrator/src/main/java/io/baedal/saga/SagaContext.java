package io.baedal.saga;

import io.baedal.coreapi.order.OrderId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;

/**
 * Whose saga it is and what it works with, for its collaborators ({@link CommandDispatch},
 * {@link SagaTiming}): the order and the saga id its log lines carry, and the resources Axon injects.
 */
record SagaContext(OrderId orderId, String sagaId, CommandGateway commands, DeadlineManager deadlines,
                   SagaSupport support) {

    SagaMonitor monitor() {
        return support.monitor();
    }

    SagaProperties properties() {
        return support.properties();
    }
}
