package io.baedal.query.kitchen;

import io.baedal.coreapi.kitchen.MenuItemId;
import io.baedal.coreapi.kitchen.TicketLine;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of a kitchen ticket. */
@Embeddable
class TicketLineColumns {

    @Column(name = "menu_item_id", nullable = false, length = 64)
    private String menuItemId;
    @Column(name = "name", nullable = false)
    private String name;
    @Column(name = "quantity", nullable = false)
    private int quantity;

    /** JPA needs a no-arg constructor. */
    protected TicketLineColumns() {
    }

    TicketLineColumns(TicketLine line) {
        menuItemId = line.menuItemId().value();
        name = line.name();
        quantity = line.quantity();
    }

    TicketLine toLine() {
        return new TicketLine(new MenuItemId(menuItemId), name, quantity);
    }
}
