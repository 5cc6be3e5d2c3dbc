package io.baedal.standalone;

import io.baedal.platform.boot.BaedalLauncher;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Every Baedal context in one JVM: command side, saga and projections, on PostgreSQL, without Axon Server. */
@SpringBootApplication(scanBasePackages = "io.baedal")
public class BaedalApplication {

    public static void main(String[] args) {
        BaedalLauncher.disableUpdateChecker();
        SpringApplication.run(BaedalApplication.class, args);
    }
}
