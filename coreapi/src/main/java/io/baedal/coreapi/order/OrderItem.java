package io.baedal.coreapi.order;

import io.baedal.coreapi.kitchen.MenuItemId;

/** What the customer asks for: a menu item and how many; the server prices it. */
public record OrderItem(MenuItemId menuItemId, int quantity) {
}
