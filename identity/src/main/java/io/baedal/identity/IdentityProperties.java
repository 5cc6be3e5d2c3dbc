package io.baedal.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo token issuer's settings ({@code baedal.identity.*}). In production an OpenID Connect
 * provider issues the tokens instead and this module is left out.
 *
 * @param accounts     demo accounts by client id: each gets tokens with its role and, per role, its
 *                     subject, restaurants or zones
 * @param testAccounts when on, any client id of the form {@code role:subject} (see
 *                     {@link DemoAccounts}) signs in with the secret {@code test}: for tests and
 *                     load drivers that need many customers; never in production
 * @param tokenLifetime how long an access token is valid
 * @param audience     the {@code aud} of every token, which every service requires
 * @param issuer       the {@code iss} of every token; by default the URL the token was asked at
 */
@ConfigurationProperties("baedal.identity")
public record IdentityProperties(
        @DefaultValue Map<String, Account> accounts,
        @DefaultValue("false") boolean testAccounts,
        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue("baedal") String audience,
        String issuer) {

    /**
     * @param secret      the client secret (plain text: these are demo accounts)
     * @param role        customer, restaurant, rider or admin
     * @param subject     the token's subject (customerId, riderId); the client id when left out
     * @param restaurants the restaurants a restaurant account runs
     * @param zones       the zones a rider rides in
     */
    public record Account(String secret, String role, String subject,
                          @DefaultValue List<String> restaurants, @DefaultValue List<String> zones) {
    }
}
