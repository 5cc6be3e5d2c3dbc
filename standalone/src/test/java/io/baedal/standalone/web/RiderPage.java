package io.baedal.standalone.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** /app/rider.html: a zone's board, the rider's own deliveries and the last ones delivered. */
final class RiderPage extends Page {

    RiderPage(Browser browser, String account, String zone) {
        super(browser, "/app/rider.html", account);
        select(By.id("zone"), zone);
    }

    private static By card(String list, String orderId, String status) {
        return By.cssSelector("#" + list + "-list li.delivery[data-order-id='" + orderId + "'][data-status='" + status + "']");
    }

    void awaitOnBoard(String orderId) {
        visible(card("board", orderId, "AWAITING_RIDER"));
    }

    void awaitGoneFromBoard(String orderId) {
        await(driver -> driver.findElements(card("board", orderId, "AWAITING_RIDER")).isEmpty());
    }

    void awaitMine(String orderId, String status) {
        visible(card("mine", orderId, status));
    }

    void awaitDelivered(String orderId) {
        visible(card("delivered", orderId, "DELIVERED"));
    }

    void claim(String orderId) {
        click(By.cssSelector("#board-list li.delivery[data-order-id='" + orderId + "'] button.claim"));
    }

    void pickUp(String orderId) {
        click(By.cssSelector("#mine-list li.delivery[data-order-id='" + orderId + "'][data-status='RIDER_ASSIGNED'] button.pick-up"));
    }

    void deliver(String orderId) {
        click(By.cssSelector("#mine-list li.delivery[data-order-id='" + orderId + "'][data-status='PICKED_UP'] button.deliver"));
    }

    /** Stops (or restarts) the board's polling, as a rider looking at a board that has gone stale. */
    void live(boolean on) {
        WebElement box = visible(By.id("live"));
        if (box.isSelected() != on) {
            box.click();
        }
    }
}
