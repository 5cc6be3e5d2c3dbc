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
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders, honouring {@code Idempotency-Key}. The key is stored with the request's
 * fingerprint, and the order id is derived from the key: a retry finds the key and answers with
 * the same order, and if the order was stored but its key was not (a crash between the two
 * commits), the retry's command meets an order with that id and answers with it too. A refused
 * command stores neither.
 */
@Service
public class OrderPlacement {

    private final CommandGateway commandGateway;
    private final IdempotencyKeys idempotencyKeys;

    private final TransactionTemplate transactions;

    OrderPlacement(CommandGateway commandGateway, IdempotencyKeys idempotencyKeys,
                   PlatformTransactionManager transactionManager) {
        this.commandGateway = commandGateway;
        this.idempotencyKeys = idempotencyKeys;
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
        // Only a keyed placement needs a transaction around the command: a refused order rolls its key back.
        return transactions.execute(status -> placeOnce(command, fingerprint, idempotencyKey.get()));
    }

    private Placed placeOnce(Function<OrderId, PlaceOrderCommand> command, String fingerprint, String key) {
        OrderId orderId = new OrderId(Ids.derived("order", key));
        if (!idempotencyKeys.claim(key, fingerprint, orderId)) {
            IdempotencyKeys.Entry earlier = idempotencyKeys.find(key).orElseThrow();
            if (!earlier.fingerprint().equals(fingerprint)) {
                throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key " + key + " was used before with a different request");
            }
            return new Placed(earlier.orderId(), true);
        }
        try {
            commandGateway.sendAndWait(command.apply(orderId));
        } catch (RuntimeException e) {
            if (CommandFailures.refusal(e).filter(code -> code == ErrorCode.DUPLICATE_ID).isPresent()) {
                return new Placed(orderId, true);
            }
            throw e;
        }
        return new Placed(orderId, false);
    }
}
