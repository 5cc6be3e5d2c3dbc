package io.baedal.standalone.web;

import org.openqa.selenium.By;

/** /app/kitchen.html: one restaurant's ticket queue. */
final class KitchenPage extends Page {

    KitchenPage(Browser browser, String account, String restaurantId) {
        super(browser, "/app/kitchen.html", account);
        select(By.id("restaurant"), restaurantId);
    }

    private static By ticket(String orderId, String status) {
        return By.cssSelector("#queue [data-status='" + status + "'] li.ticket[data-order-id='" + orderId + "'][data-status='" + status + "']");
    }

    /** Waits until the order's ticket shows in the column of that status. */
    void awaitTicket(String orderId, String status) {
        visible(ticket(orderId, status));
    }

    /** Presses a button of the ticket (accept, reject, start-cooking, finish-cooking) while it has that status. */
    void press(String orderId, String status, String button) {
        click(By.cssSelector(cssOf(orderId, status) + " button." + button));
    }

    void reject(String orderId, String reason) {
        type(By.cssSelector(cssOf(orderId, "AWAITING_ACCEPTANCE") + " input.reject-reason"), reason);
        press(orderId, "AWAITING_ACCEPTANCE", "reject");
    }

    private static String cssOf(String orderId, String status) {
        return "li.ticket[data-order-id='" + orderId + "'][data-status='" + status + "']";
    }

    /** Accepts, starts and finishes cooking the order's ticket, waiting for each step to show. */
    void cook(String orderId) {
        awaitTicket(orderId, "AWAITING_ACCEPTANCE");
        press(orderId, "AWAITING_ACCEPTANCE", "accept");
        awaitTicket(orderId, "ACCEPTED");
        press(orderId, "ACCEPTED", "start-cooking");
        awaitTicket(orderId, "COOKING");
        press(orderId, "COOKING", "finish-cooking");
        awaitTicket(orderId, "READY");
    }
}
