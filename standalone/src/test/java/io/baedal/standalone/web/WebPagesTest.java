package io.baedal.standalone.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.springframework.core.env.Environment;

/**
 * The web pages in a real browser (Debian's headless chromium) against the running application:
 * a customer, a kitchen and riders each in a window of their own, all driven through the pages.
 * Screenshots of each page land in target/screenshots.
 */
class WebPagesTest {

    private static final String ZONE = "mapo";
    private static final String RESTAURANT = "r-mapo-noodle";
    private static final String MANDU = "r-mapo-noodle-mandu";
    private static final String KALGUKSU = "r-mapo-noodle-kalguksu";

    @TempDir
    static Path dataDir;

    private static RunningBaedal baedal;
    private static String baseUrl;
    private static Browser browser;

    @BeforeAll
    static void start() {
        Browser.missing().ifPresent(reason -> Assumptions.abort("Browser tests skipped: " + reason));
        baedal = RunningBaedal.start(dataDir);
        baseUrl = "http://localhost:" + baedal.bean(Environment.class).getProperty("local.server.port");
        browser = Browser.start(baseUrl, "en-US,en", new Dimension(1280, 1000));
    }

    @AfterEach
    void closePages() {
        if (browser != null) {
            browser.closePages();
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (baedal != null) {
            baedal.close();
        }
    }

    @Test
    void aCustomerWatchesTheOrderReachDeliveredWhileTheKitchenAndARiderWorkIt() {
        CustomerPage customer = new CustomerPage(browser, "c-1");
        customer.mark();
        String orderId = customer.order(ZONE, RESTAURANT, "tok-visa", MANDU, KALGUKSU);
        customer.awaitStatus("PAID");

        KitchenPage kitchen = new KitchenPage(browser, "mapo-kitchen", RESTAURANT);
        kitchen.awaitTicket(orderId, "AWAITING_ACCEPTANCE");
        kitchen.screenshot("kitchen");
        kitchen.cook(orderId);
        customer.awaitStatus("READY_FOR_PICKUP");

        RiderPage rider = new RiderPage(browser, "rider-1", ZONE);
        rider.awaitOnBoard(orderId);
        rider.screenshot("rider-board");
        rider.claim(orderId);
        rider.awaitMine(orderId, "RIDER_ASSIGNED");
        rider.pickUp(orderId);
        rider.awaitMine(orderId, "PICKED_UP");
        customer.awaitStatus("PICKED_UP");
        rider.deliver(orderId);
        rider.awaitDelivered(orderId);
        rider.screenshot("rider-delivered");

        customer.awaitStatus("DELIVERED");
        customer.awaitInHistory(orderId, "DELIVERED");
        customer.awaitNotification(orderId, "DELIVERED");
        customer.screenshot("customer-delivered");
        assertThat(customer.timeline()).containsExactly("PAYMENT_PENDING", "PAID", "ACCEPTED", "COOKING",
                "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED");
        assertThat(customer.statusText()).isEqualTo("Delivered");
        assertThat(customer.canCancel()).isFalse();
        assertThat(customer.stillMarked()).as("the order page followed the order without being loaded again").isTrue();
        assertThat(customer.problem()).isNull();
        assertThat(kitchen.problem()).isNull();
        assertThat(rider.problem()).isNull();
    }

    @Test
    void aDeclinedCardEndsRejectedOnScreen() {
        CustomerPage customer = new CustomerPage(browser, "c-2");
        customer.order(ZONE, RESTAURANT, "decline-insufficient-funds", MANDU);

        customer.awaitStatus("REJECTED");

        assertThat(customer.reason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(customer.reasonText()).contains("The card was declined");
        assertThat(customer.canCancel()).isFalse();
        customer.screenshot("customer-rejected");
    }

    @Test
    void aCancelBeforeCookingEndsCancelled() {
        CustomerPage customer = new CustomerPage(browser, "c-1");
        String orderId = customer.order(ZONE, RESTAURANT, "tok-visa", KALGUKSU);
        customer.awaitStatus("PAID");
        KitchenPage kitchen = new KitchenPage(browser, "mapo-kitchen", RESTAURANT);
        kitchen.awaitTicket(orderId, "AWAITING_ACCEPTANCE");
        kitchen.press(orderId, "AWAITING_ACCEPTANCE", "accept");
        customer.awaitStatus("ACCEPTED");

        customer.cancel();

        customer.awaitStatus("CANCELLED");
        assertThat(customer.reason()).isEqualTo("CUSTOMER_CANCELLED");
        assertThat(customer.timeline()).containsSubsequence("ACCEPTED", "CANCELLATION_REQUESTED", "CANCELLED");
        assertThat(customer.problem()).isNull();
        customer.screenshot("customer-cancelled");
        kitchen.awaitTicket(orderId, "CANCELLED");
    }

    @Test
    void aSecondRidersClaimShowsTheConflict() {
        CustomerPage customer = new CustomerPage(browser, "c-2");
        String orderId = customer.order(ZONE, RESTAURANT, "tok-visa", MANDU);
        KitchenPage kitchen = new KitchenPage(browser, "mapo-kitchen", RESTAURANT);
        kitchen.cook(orderId);
        RiderPage first = new RiderPage(browser, "rider-1", ZONE);
        RiderPage second = new RiderPage(browser, "rider-2", ZONE);
        second.awaitOnBoard(orderId);
        second.live(false);
        first.awaitOnBoard(orderId);

        first.claim(orderId);
        first.awaitMine(orderId, "RIDER_ASSIGNED");
        second.claim(orderId);

        Page.Problem conflict = second.awaitProblem();
        assertThat(conflict.status()).isEqualTo("409");
        assertThat(conflict.code()).isEqualTo("DELIVERY_ALREADY_CLAIMED");
        assertThat(conflict.title()).isEqualTo("Delivery already claimed");
        assertThat(conflict.detail()).isNotBlank();
        second.screenshot("rider-conflict");
        second.awaitGoneFromBoard(orderId);
        assertThat(first.problem()).isNull();
    }
}
