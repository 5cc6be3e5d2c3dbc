package io.baedal.coreapi.kitchen;

import io.baedal.coreapi.common.Money;

public record MenuItemView(MenuItemId id, String name, Money price, boolean available) {
}
