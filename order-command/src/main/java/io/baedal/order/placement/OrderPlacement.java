package io.baedal.order.placement;

import io.baedal.coreapi.common.Ids;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.PlaceOrderCommand;
import io.baedal.platform.axon.CommandFailures;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders, honouring {@code Idempotency-Key}. The key is stored with the request's
 * fingerprint, and the order id is derived from the key: a retry finds the key and sends the same
 * command again, which either places the order (the first attempt crashed or failed before the
 * order was stored) or meets the order with that id and answers with it. A refused command takes
 * its key back, so it leaves nothing stored.
 * <p>
 * The key is stored in a short transaction of its own and the command runs after it, outside any
 * transaction of ours: a placement holds one database connection at a time. (Holding the key's
 * connection while the command took a second one let 30 concurrent placements take the whole pool
 * and wait for each other until the pool's timeout; found by the load test.)
 */
@Service
public class OrderPlacement {

    private final CommandGateway commandGateway;
    private final IdempotencyKeys idempotencyKeys;
    private final EventStore events;

    private final TransactionTemplate transactions;

    OrderPlacement(CommandGateway commandGateway, IdempotencyKeys idempotencyKeys, EventStore events,
                   PlatformTransactionManager transactionManager) {
        this.commandGateway = commandGateway;
        this.idempotencyKeys = idempotencyKeys;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public record Placed(OrderId orderId, boolean replayed) {
    }

    /**
     * Places the order that {@code command} makes for an order id. {@code fingerprint} stands for
     * the request: the same key with another fingerprint is refused.
     */
    public Placed place(Function<OrderId, PlaceOrderCommand> command, String fingerprint, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            OrderId orderId = OrderId.random();
            commandGateway.sendAndWait(command.apply(orderId));
            return new Placed(orderId, false);
        }
        String key = idempotencyKey.get();
        OrderId orderId = new OrderId(Ids.derived("order", key));
        boolean claimed = claim(key, fingerprint, orderId);
        if (!claimed && events.lastSequenceNumberFor(orderId.value()).isPresent()) {
            // A retry of a placed order: answered as placed, not checked again against today's menu.
            return new Placed(orderId, true);
        }
        try {
            commandGateway.sendAndWait(command.apply(orderId));
            // Whichever request's command placed the order is the original, whoever stored the key.
            return new Placed(orderId, false);
        } catch (RuntimeException e) {
            if (CommandFailures.refusal(e).filter(code -> code == ErrorCode.DUPLICATE_ID).isPresent()) {
                // Placed already, by another request with this key: this one is the replay.
                return new Placed(orderId, true);
            }
            if (claimed && CommandFailures.refusal(e).isPresent() && !CommandFailures.undelivered(e)
                    && events.lastSequenceNumberFor(orderId.value()).isEmpty()) {
                // Refused, and no other request with this key placed it meanwhile: the key goes.
                // (An outcome that is not known, such as a lost connection, keeps it: a retry decides.)
                try {
                    transactions.executeWithoutResult(status -> idempotencyKeys.release(key, orderId));
                } catch (RuntimeException releaseFailed) {
                    e.addSuppressed(releaseFailed);
                }
            }
            throw e;
        }
    }

    /** True when this request stored the key; false when an earlier request with the same fingerprint did. */
    private boolean claim(String key, String fingerprint, OrderId orderId) {
        for (int attempt = 1; ; attempt++) {
            if (Boolean.TRUE.equals(transactions.execute(status -> idempotencyKeys.claim(key, fingerprint, orderId)))) {
                return true;
            }
            Optional<IdempotencyKeys.Entry> earlier = idempotencyKeys.find(key);
            if (earlier.isPresent()) {
                if (!earlier.get().fingerprint().equals(fingerprint)) {
                    throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            "Idempotency-Key " + key + " was used before with a different request");
                }
                return false;
            }
            // The earlier request was refused and took its key back in between: claim it again.
            if (attempt == 3) {
                throw new DomainException(ErrorCode.CONCURRENT_MODIFICATION,
                        "Idempotency-Key " + key + " is being used by other requests right now; retry");
            }
        }
    }
}
