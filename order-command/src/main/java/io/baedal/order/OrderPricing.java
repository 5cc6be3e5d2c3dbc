package io.baedal.order;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.kitchen.MenuItemView;
import io.baedal.coreapi.kitchen.RestaurantView;
import io.baedal.coreapi.order.OrderItem;
import io.baedal.coreapi.order.OrderLine;
import java.util.List;

/** Validates what a customer asks for against the restaurant's menu and prices it. */
final class OrderPricing {

    static final int MAX_QUANTITY = 50;
    static final int MAX_LINES = 30;

    private OrderPricing() {
    }

    static List<OrderLine> price(RestaurantView restaurant, List<OrderItem> items) {
        if (items == null || items.isEmpty()) {
            throw new DomainException(ErrorCode.EMPTY_ORDER, "An order needs at least one item");
        }
        if (items.size() > MAX_LINES) {
            throw new DomainException(ErrorCode.TOO_MANY_LINES,
                    "An order has at most " + MAX_LINES + " lines, not " + items.size());
        }
        return items.stream().map(item -> price(restaurant, item)).toList();
    }

    static Money total(List<OrderLine> lines) {
        return lines.stream()
                .map(OrderLine::lineTotal)
                .reduce(Money::plus)
                .orElseThrow();
    }

    private static OrderLine price(RestaurantView restaurant, OrderItem item) {
        if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
            throw new DomainException(ErrorCode.INVALID_QUANTITY,
                    "Quantity of " + item.menuItemId() + " must be between 1 and " + MAX_QUANTITY + ", not " + item.quantity());
        }
        MenuItemView menuItem = restaurant.menu().stream()
                .filter(candidate -> candidate.id().equals(item.menuItemId()))
                .findFirst()
                .orElseThrow(() -> new DomainException(ErrorCode.UNKNOWN_MENU_ITEM,
                        "Restaurant " + restaurant.id() + " has no menu item " + item.menuItemId()));
        if (!menuItem.available()) {
            throw new DomainException(ErrorCode.MENU_ITEM_UNAVAILABLE,
                    menuItem.name() + " (" + menuItem.id() + ") is not available right now");
        }
        return new OrderLine(menuItem.id(), menuItem.name(), menuItem.price(), item.quantity(),
                menuItem.price().times(item.quantity()));
    }
}
