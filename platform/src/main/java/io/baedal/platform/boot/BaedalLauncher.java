package io.baedal.platform.boot;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** How every Baedal deployable starts: the standalone application and each service of its own. */
public final class BaedalLauncher {

    private static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    private BaedalLauncher() {
    }

    /** Axon's update checker phones home at start-up; Baedal runs where that is neither wanted nor reachable. */
    public static void disableUpdateChecker() {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
    }

    /**
     * Starts a service whose configuration file is {@code <configName>.yml} rather than
     * {@code application.yml}: the service's jar is also a library of {@code standalone}, whose own
     * {@code application.yml} it must not shadow. {@code --spring.config.name} still overrides it.
     */
    public static ConfigurableApplicationContext runService(Class<?> source, String configName, String... args) {
        disableUpdateChecker();
        SpringApplication application = new SpringApplication(source);
        application.setDefaultProperties(Map.of("spring.config.name", configName));
        return application.run(args);
    }
}
