package io.baedal.identity.service;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The demo token issuer as a service of its own (distributed mode): the gateway sends
 * {@code /oauth2/**} here, and every service checks tokens against its key set
 * ({@code /oauth2/jwks}). Its configuration is {@code identity-service.yml}. Deliberately not a
 * {@code @Configuration}: standalone scans {@code io.baedal} and must not pick up a service.
 */
@EnableAutoConfiguration
public class IdentityService {

    public static final String CONFIG_NAME = "identity-service";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(IdentityService.class);
        application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
