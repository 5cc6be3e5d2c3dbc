package io.baedal.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The distributed mode's single entry point: every {@code /api} path of the REST contract goes to
 * the service that owns it (routes in {@code application.yml}), spread over that service's
 * instances by Spring Cloud LoadBalancer, so a client cannot tell it from the standalone app.
 */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
