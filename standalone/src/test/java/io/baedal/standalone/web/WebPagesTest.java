package io.baedal.standalone.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.standalone.support.RunningBaedal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
        browser = Browser.desktop(baseUrl, "en-US,en");
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
        customer.screenshot("customer-following");

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

    @Test
    void theIndexLinksEveryPage() {
        String index = browser.open("/app/index.html");
        List<String> links = browser.in(index).findElements(By.cssSelector("nav.roles a")).stream()
                .map(link -> link.getDomProperty("href")).toList();
        assertThat(links).containsExactly(baseUrl + "/app/customer.html", baseUrl + "/app/kitchen.html",
                baseUrl + "/app/rider.html", baseUrl + "/app/ops.html");
        browser.screenshot(index, "index");
    }

    @Test
    void operationsShowEveryProcessingGroupAndReplayAView() {
        OpsPage ops = new OpsPage(browser, "ops");
        for (String group : List.of("order-status", "kitchen-queue", "rider-board", "notifications", "OrderSagaProcessor")) {
            assertThat(ops.deadLetters(group)).as(group).isEqualTo("0");
        }

        ops.replay("rider-board");

        ops.awaitReplayDone("rider-board");
        assertThat(ops.problem()).isNull();
        ops.screenshot("ops");
        ops.replay("OrderSagaProcessor");
        Page.Problem refused = ops.awaitProblem();
        assertThat(refused.code()).isEqualTo("REPLAY_NOT_SUPPORTED");
        assertThat(refused.title()).isEqualTo("Replay not supported");
        assertThat(refused.detail()).contains("OrderSagaProcessor");
    }

    /** A browser that asks for Korean gets Korean labels, and every page fits a phone's width. */
    @Test
    void aKoreanPhoneGetsKoreanLabelsAndPagesThatFitItsWidth() {
        try (Browser phone = Browser.phone(baseUrl, "ko-KR,ko")) {
            CustomerPage customer = new CustomerPage(phone, "c-1");
            customer.visible(By.cssSelector("#restaurants article.restaurant"));
            assertThat(customer.script("return window.innerWidth;")).isEqualTo(390L);
            assertThat(customer.visible(By.tagName("h1")).getText()).isEqualTo("음식 주문");
            assertThat(customer.visible(By.id("place-order")).getText()).isEqualTo("주문하기");
            assertThat(customer.fitsItsWidth()).as("customer page fits 390 px").isTrue();
            customer.screenshot("phone-customer-ko");
            phone.closePages();

            KitchenPage kitchen = new KitchenPage(phone, "mapo-kitchen", RESTAURANT);
            assertThat(kitchen.visible(By.cssSelector("#queue [data-status='AWAITING_ACCEPTANCE'] h2")).getText()).startsWith("신규");
            assertThat(kitchen.fitsItsWidth()).as("kitchen page fits 390 px").isTrue();
            kitchen.screenshot("phone-kitchen-ko");
            phone.closePages();

            RiderPage rider = new RiderPage(phone, "rider-3", "gangnam");
            assertThat(rider.visible(By.cssSelector("#mine h2")).getText()).startsWith("내 배달");
            assertThat(rider.fitsItsWidth()).as("rider page fits 390 px").isTrue();
            phone.closePages();

            OpsPage ops = new OpsPage(phone, "ops");
            ops.deadLetters("order-status");
            assertThat(ops.fitsItsWidth()).as("operations page fits 390 px").isTrue();
        }
    }
}
