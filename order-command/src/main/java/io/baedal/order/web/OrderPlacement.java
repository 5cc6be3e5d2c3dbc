package io.baedal.order.web;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders, honouring {@code Idempotency-Key}: the key is stored in the same transaction as
 * the order's first event (standalone mode), so a retried request finds either both or neither,
 * also after a restart. The order id is derived from the key, so a retry can never create a
 * second order even where the event store is not in that transaction (Axon Server).
 */
@Service
public class OrderPlacement {

    private final CommandGateway commandGateway;
    private final IdempotencyKeys idempotencyKeys;

    OrderPlacement(CommandGateway commandGateway, IdempotencyKeys idempotencyKeys) {
        this.commandGateway = commandGateway;
        this.idempotencyKeys = idempotencyKeys;
    }

    public record Placed(OrderId orderId, boolean replayed) {
    }

    @Transactional
    public Placed place(PlaceOrderRequest request, Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            OrderId orderId = OrderId.random();
            commandGateway.sendAndWait(request.toCommand(orderId));
            return new Placed(orderId, false);
        }
        String key = idempotencyKey.get();
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
        commandGateway.sendAndWait(request.toCommand(orderId));
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
