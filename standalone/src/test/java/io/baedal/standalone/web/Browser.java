package io.baedal.standalone.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's headless chromium driven through its chromedriver: one browser, a window per page, so
 * that a customer, a kitchen and riders can be watched side by side in one test.
 */
final class Browser implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Browser.class);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final String baseUrl;

    private Browser(ChromeDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /** Why the browser tests cannot run here, if they cannot. */
    static Optional<String> missing() {
        if (chromium().isEmpty() || chromedriver().isEmpty()) {
            return Optional.of("chromium and chromedriver are needed (Debian: apt-get install chromium chromium-driver;"
                    + " .ci/run installs them); looked for " + CHROMIUM + " and " + CHROMEDRIVER);
        }
        return Optional.empty();
    }

    /**
     * A desktop browser whose languages (and so its Accept-Language and navigator.languages) are
     * these, e.g. "en-US,en".
     */
    static Browser desktop(String baseUrl, String languages) {
        return start(baseUrl, languages, new Dimension(1280, 1000), new ChromeOptions());
    }

    /** A phone's screen (390 x 844 CSS pixels), with these languages. */
    static Browser phone(String baseUrl, String languages) {
        ChromeOptions options = new ChromeOptions();
        // A window cannot be made that narrow; the page is laid out as on the phone instead.
        options.setExperimentalOption("mobileEmulation",
                Map.of("deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 1.0, "mobile", true)));
        return start(baseUrl, languages, new Dimension(600, 1000), options);
    }

    private static Browser start(String baseUrl, String languages, Dimension window, ChromeOptions options) {
        options.setBinary(chromium().orElseThrow());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--hide-scrollbars",
                "--lang=" + languages.split(",")[0],
                "--window-size=" + window.getWidth() + "," + window.getHeight());
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
        // With the driver's path given, Selenium Manager (which would go online) is not asked.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver().orElseThrow()).toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        log.atInfo().addKeyValue("event", "browser_started").addKeyValue("languages", languages)
                .log("Started {} for {}", driver.getCapabilities().getBrowserVersion(), baseUrl);
        return new Browser(driver, baseUrl);
    }

    /** Opens a page (path under the app, e.g. "/app/customer.html") in a window of its own. */
    String open(String path) {
        if (!driver.getWindowHandles().isEmpty() && !"about:blank".equals(driver.getCurrentUrl())) {
            driver.switchTo().newWindow(WindowType.WINDOW);
        }
        driver.get(baseUrl + path);
        return driver.getWindowHandle();
    }

    /** The driver, switched to that page's window. */
    WebDriver in(String window) {
        if (!window.equals(driver.getWindowHandle())) {
            driver.switchTo().window(window);
        }
        return driver;
    }

    /** Closes every page's window but one, which is left blank: a clean browser for the next test. */
    void closePages() {
        List<String> windows = List.copyOf(driver.getWindowHandles());
        for (String window : windows.subList(1, windows.size())) {
            driver.switchTo().window(window).close();
        }
        driver.switchTo().window(windows.get(0)).get("about:blank");
    }

    /** Saves what the window shows as target/screenshots/{name}.png. */
    void screenshot(String window, String name) {
        byte[] png = ((ChromeDriver) in(window)).getScreenshotAs(OutputType.BYTES);
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<String> chromium() {
        return CHROMIUM.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
    }

    private static Optional<String> chromedriver() {
        return CHROMEDRIVER.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst();
    }
}
