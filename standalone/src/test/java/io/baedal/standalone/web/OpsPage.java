package io.baedal.standalone.web;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** /app/ops.html: the processing groups and their replays. */
final class OpsPage extends Page {

    OpsPage(Browser browser, String account) {
        super(browser, "/app/ops.html", account);
    }

    WebElement group(String name) {
        return visible(By.cssSelector("article.processor[data-group='" + name + "']"));
    }

    String deadLetters(String name) {
        return await(driver -> {
            String count = driver.findElement(By.cssSelector("article.processor[data-group='" + name + "'] .dead"))
                    .getDomAttribute("data-count");
            return count == null || count.isEmpty() ? null : count;
        });
    }

    void replay(String name) {
        click(By.cssSelector("article.processor[data-group='" + name + "'] button.replay"));
    }

    void awaitReplayDone(String name) {
        visible(By.cssSelector("article.processor[data-group='" + name + "'][data-replay='done']"));
    }
}
