package io.baedal.standalone.web;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One page in its own window, signed in as one account, with explicit waits on what it shows. */
abstract class Page {

    /** Long enough for a saga step and a view's catch-up on a loaded 2-core machine. */
    private static final Duration SOON = Duration.ofSeconds(20);
    /** How often a wait looks again: the pages change within a second, so look often. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    final Browser browser;
    final String window;

    Page(Browser browser, String path, String account) {
        this.browser = browser;
        this.window = browser.open(path);
        signIn(account);
    }

    WebDriver driver() {
        return browser.in(window);
    }

    /** Waits (ignoring cards replaced by a refresh meanwhile) until the condition holds; its answer. */
    <T> T await(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), SOON)
                .pollingEvery(LOOK_EVERY)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement visible(By by) {
        return await(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks what the selector finds once it can be clicked; a card rebuilt meanwhile is found again. */
    void click(By by) {
        await(driver -> {
            WebElement element = driver.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    void select(By by, String value) {
        await(driver -> {
            WebElement element = driver.findElement(by);
            // A picker is disabled while the page acts on it (signing in, reading the zone's board).
            if (!element.isEnabled()) {
                return false;
            }
            new Select(element).selectByValue(value);
            return true;
        });
    }

    void type(By by, String text) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(text);
    }

    final void signIn(String account) {
        WebElement picker = visible(By.id("account"));
        if (!account.equals(picker.getDomProperty("value"))) {
            select(By.id("account"), account);
        }
        visible(By.cssSelector("body[data-account='" + account + "']"));
    }

    /** The problem box as it shows now: status, code, title and detail, or null when hidden. */
    Problem problem() {
        WebElement box = driver().findElement(By.id("problem"));
        if (!box.isDisplayed()) {
            return null;
        }
        return new Problem(box.getDomAttribute("data-status"), box.getDomAttribute("data-code"),
                box.findElement(By.className("problem-title")).getText(),
                box.findElement(By.className("problem-detail")).getText());
    }

    Problem awaitProblem() {
        visible(By.id("problem"));
        return problem();
    }

    record Problem(String status, String code, String title, String detail) {
    }

    Object script(String javaScript) {
        return ((JavascriptExecutor) driver()).executeScript(javaScript);
    }

    /** Whether the page fits the window's width (no sideways scrolling on a phone). */
    boolean fitsItsWidth() {
        return (Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    List<String> texts(By by) {
        return driver().findElements(by).stream().map(WebElement::getText).toList();
    }

    void screenshot(String name) {
        browser.screenshot(window, name);
    }
}
