package io.baedal.order.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.platform.axon.CommandFailures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
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

    public Placed place(PlaceOrderRequest request, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            OrderId orderId = OrderId.random();
            commandGateway.sendAndWait(request.toCommand(orderId));
            return new Placed(orderId, false);
        }
        // Only a keyed placement needs a transaction around the command: a refused order rolls its key back.
        return transactions.execute(status -> placeOnce(request, idempotencyKey.get()));
    }

    private Placed placeOnce(PlaceOrderRequest request, String key) {
        String fingerprint = fingerprint(request);
        OrderId orderId = new OrderId(UUID.nameUUIDFromBytes(("order:" + key).getBytes(StandardCharsets.UTF_8)).toString());
        if (!idempotencyKeys.claim(key, fingerprint, orderId)) {
            IdempotencyKeys.Entry earlier = idempotencyKeys.find(key).orElseThrow();
            if (!earlier.fingerprint().equals(fingerprint)) {
                throw new DomainException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                        "Idempotency-Key " + key + " was used before with a different request");
            }
            return new Placed(earlier.orderId(), true);
        }
        try {
            commandGateway.sendAndWait(request.toCommand(orderId));
        } catch (RuntimeException e) {
            if (CommandFailures.refusal(e).filter(code -> code == ErrorCode.DUPLICATE_ID).isPresent()) {
                return new Placed(orderId, true);
            }
            throw e;
        }
        return new Placed(orderId, false);
    }

    private static String fingerprint(PlaceOrderRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
