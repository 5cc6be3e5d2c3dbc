package io.baedal.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Every Baedal context in one JVM: command side, saga and projections, on PostgreSQL, without Axon Server. */
@SpringBootApplication(scanBasePackages = "io.baedal")
public class BaedalApplication {

    public static void main(String[] args) {
        // Axon's update checker phones home at start-up; Baedal runs where that is neither wanted nor reachable.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        SpringApplication.run(BaedalApplication.class, args);
    }
}
