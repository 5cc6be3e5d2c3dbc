package io.baedal.coreapi.order;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.kitchen.MenuItemId;

/** A priced line of a placed order, priced by the server from the restaurant's menu. */
public record OrderLine(MenuItemId menuItemId, String name, Money unitPrice, int quantity, Money lineTotal) {
}
