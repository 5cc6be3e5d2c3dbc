package io.baedal.query.orderstatus;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.order.OrderLine;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** One priced line of an order, as stored in the order-status view. */
@Embeddable
class OrderLineColumns {

    @Column(name = "menu_item_id", nullable = false, length = 64)
    private String menuItemId;
    @Column(name = "name", nullable = false)
    private String name;
    @Column(name = "unit_price", nullable = false, precision = 19, scale = 4)
    private BigDecimal unitPrice;
    @Column(name = "quantity", nullable = false)
    private int quantity;
    @Column(name = "line_total", nullable = false, precision = 19, scale = 4)
    private BigDecimal lineTotal;
    @Column(name = "currency", nullable = false, length = 3)
    private String currency;

    /** JPA needs a no-arg constructor. */
    protected OrderLineColumns() {
    }

    OrderLineColumns(OrderLine line) {
        menuItemId = line.menuItemId().value();
        name = line.name();
        unitPrice = line.unitPrice().amount();
        quantity = line.quantity();
        lineTotal = line.lineTotal().amount();
        currency = line.lineTotal().currency();
    }

    OrderLine toLine() {
        return new OrderLine(new MenuItemId(menuItemId), name, new Money(unitPrice, currency), quantity,
                new Money(lineTotal, currency));
    }
}
