package io.baedal.order.web;

import io.baedal.coreapi.common.Address;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.RestaurantId;
import io.baedal.coreapi.order.CustomerId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderItem;
import io.baedal.coreapi.order.PlaceOrderCommand;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Body of {@code POST /api/orders}. No prices: the server prices the items from the menu. The
 * customer is the signed-in one: {@code customerId} may be left out, and must be theirs if given.
 */
@Schema(example = """
        {"restaurantId": "r-gangnam-bibim",
         "items": [{"menuItemId": "r-gangnam-bibim-bibimbap", "quantity": 2}],
         "deliveryAddress": {"street": "1 Gangnam-daero", "zone": "gangnam"},
         "paymentToken": "tok_visa"}""")
public record PlaceOrderRequest(
        @Size(max = 64) String customerId,
        @NotBlank @Size(max = 64) String restaurantId,
        @NotNull List<@Valid @NotNull Item> items,
        @NotNull @Valid DeliveryAddress deliveryAddress,
        @NotBlank @Size(max = 200) String paymentToken) {

    public record Item(@NotBlank @Size(max = 64) String menuItemId, @NotNull Integer quantity) {
    }

    public record DeliveryAddress(@NotBlank @Size(max = 200) String street, @NotBlank @Size(max = 64) String zone) {
    }

    PlaceOrderRequest forCustomer(String customer) {
        return new PlaceOrderRequest(customer, restaurantId, items, deliveryAddress, paymentToken);
    }

    /** Stands for the request in its idempotency key's record (the same key with another request is refused). */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    PlaceOrderCommand toCommand(OrderId orderId) {
        return new PlaceOrderCommand(orderId, new CustomerId(customerId), new RestaurantId(restaurantId),
                items.stream().map(item -> new OrderItem(new MenuItemId(item.menuItemId()), item.quantity())).toList(),
                new Address(deliveryAddress.street(), deliveryAddress.zone()), paymentToken);
    }
}
