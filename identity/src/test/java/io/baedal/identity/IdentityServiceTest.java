package io.baedal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baedal.identity.service.IdentityService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token issuer as the distributed mode deploys it (its own main and {@code identity-service.yml},
 * on PostgreSQL): a demo account gets a token, a service checks it against the published key set
 * (signature and audience) as Boot's resource server does, and after a restart the key is the same.
 */
class IdentityServiceTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    private static ConfigurableApplicationContext start() {
        SpringApplication application = new SpringApplication(IdentityService.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", IdentityService.CONFIG_NAME));
        return application.run("--server.port=0",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres");
    }

    @Test
    void issuesTokensThatAServiceAcceptsAndKeepsItsKeyAcrossARestart() throws Exception {
        String token;
        String keySet;
        try (ConfigurableApplicationContext identity = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) identity).getWebServer().getPort();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=rider-3&client_secret=demo"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            token = JsonMapper.builder().build().readTree(answer.body()).path("access_token").asString();

            NimbusJwtDecoder service = NimbusJwtDecoder.withJwkSetUri(base + "/oauth2/jwks").build();
            service.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(),
                    new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("baedal"))));
            Jwt jwt = service.decode(token);
            assertThat(jwt.getSubject()).isEqualTo("rider-3");
            assertThat(jwt.getClaimAsStringList("roles")).containsExactly("rider");
            assertThat(jwt.getClaimAsStringList("zones")).contains("gangnam", "jongno");

            NimbusJwtDecoder otherAudience = NimbusJwtDecoder.withJwkSetUri(base + "/oauth2/jwks").build();
            otherAudience.setJwtValidator(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains("shop")));
            assertThatThrownBy(() -> otherAudience.decode(token)).isInstanceOf(JwtValidationException.class);

            // Test accounts are off outside tests.
            HttpResponse<String> madeUp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=customer%3Ac-9&client_secret=test"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(madeUp.statusCode()).isEqualTo(401);
            keySet = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        try (ConfigurableApplicationContext again = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) again).getWebServer().getPort();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(keySet);
            assertThat(NimbusJwtDecoder.withJwkSetUri(base + "/oauth2/jwks").build().decode(token).getSubject())
                    .isEqualTo("rider-3");
        }
    }
}
