package io.baedal.standalone.web;

import java.util.List;
import org.openqa.selenium.By;

/** /app/customer.html: orders from the restaurants of a zone and follows the order on screen. */
final class CustomerPage extends Page {

    CustomerPage(Browser browser, String account) {
        super(browser, "/app/customer.html", account);
    }

    /** Puts one of each menu item in the cart, checks out with that payment token, answers the order's id. */
    String order(String zone, String restaurantId, String paymentToken, String... menuItemIds) {
        select(By.id("zone"), zone);
        for (String item : menuItemIds) {
            click(By.cssSelector("[data-restaurant-id='" + restaurantId + "'] [data-menu-item-id='" + item + "'] button.add"));
            visible(By.cssSelector("#cart-lines [data-menu-item-id='" + item + "']"));
        }
        type(By.id("payment-token"), paymentToken);
        String before = driver().findElement(By.id("order")).getDomAttribute("data-order-id");
        click(By.id("place-order"));
        return await(driver -> {
            String shown = driver.findElement(By.id("order")).getDomAttribute("data-order-id");
            return shown != null && !shown.equals(before) ? shown : null;
        });
    }

    /** Waits until the order on screen shows this status (from its live stream: no reload). */
    void awaitStatus(String status) {
        visible(By.cssSelector("#order-status[data-status='" + status + "']"));
    }

    String statusText() {
        return driver().findElement(By.id("order-status")).getText();
    }

    String reason() {
        return driver().findElement(By.id("order-reason")).getDomAttribute("data-reason");
    }

    String reasonText() {
        return driver().findElement(By.id("order-reason")).getText();
    }

    List<String> timeline() {
        return driver().findElements(By.cssSelector("#timeline li")).stream()
                .map(entry -> entry.getDomAttribute("data-status")).toList();
    }

    boolean canCancel() {
        return driver().findElement(By.id("cancel-order")).isDisplayed();
    }

    void cancel() {
        click(By.id("cancel-order"));
    }

    /** The order appears in the customer's order list with this status. */
    void awaitInHistory(String orderId, String status) {
        visible(By.cssSelector("#orders li[data-order-id='" + orderId + "'][data-status='" + status + "']"));
    }

    /** A notification about this order and status appears. */
    void awaitNotification(String orderId, String status) {
        visible(By.cssSelector("#notification-list li[data-order-id='" + orderId + "'][data-status='" + status + "']"));
    }

    /** Marks this document, so that a test can tell later that the page was not loaded again. */
    void mark() {
        script("window.baedalTestMark = true;");
    }

    boolean stillMarked() {
        return Boolean.TRUE.equals(script("return window.baedalTestMark === true;"));
    }
}
