package io.baedal.identity;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The demo token issuer: Spring Authorization Server's token endpoint ({@code POST /oauth2/token},
 * client-credentials grant) and key set ({@code GET /oauth2/jwks}) for the accounts of
 * {@link DemoAccounts}. Tokens are JWTs that carry the holder's role ({@code roles}), subject,
 * restaurants or zones and the audience every service requires. Nothing is stored per token: a JWT
 * speaks for itself until it expires.
 */
@AutoConfiguration(before = {OAuth2AuthorizationServerAutoConfiguration.class,
        OAuth2AuthorizationServerJwtAutoConfiguration.class})
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdentityAutoConfiguration.class);

    @Bean
    DemoAccounts demoAccounts(IdentityProperties properties) {
        DemoAccounts accounts = new DemoAccounts(properties);
        if (properties.testAccounts()) {
            log.warn("Test accounts are on: anyone can get a token for any subject (baedal.identity.test-accounts)");
        }
        log.info("Token issuer ready with demo accounts {}", accounts.countByRole());
        return accounts;
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(JdbcTemplate jdbc) {
        return new ImmutableJWKSet<>(new SigningKeys(jdbc).load());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> grantClaims(DemoAccounts accounts, IdentityProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            accounts.grantOf(context.getRegisteredClient().getClientId()).ifPresent(grant -> {
                context.getClaims().subject(grant.subject())
                        .audience(List.of(properties.audience()))
                        .claim("roles", List.of(grant.role()));
                if (!grant.restaurants().isEmpty()) {
                    context.getClaims().claim("restaurants", grant.restaurants());
                }
                if (!grant.zones().isEmpty()) {
                    context.getClaims().claim("zones", grant.zones());
                }
            });
        };
    }

    /** Client-credentials tokens need no server-side record, and keeping one per token would only grow. */
    @Bean
    @ConditionalOnMissingBean
    OAuth2AuthorizationService statelessAuthorizations() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return null;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    /** The issuer's own endpoints, ahead of the services' API rules. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain tokenEndpoints(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()));
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
        return http.build();
    }

    /**
     * Where the issuer runs in the same JVM as the API (standalone), tokens are checked against its
     * key directly: signature, expiry and audience, like a service does through the key set's URL.
     */
    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, IdentityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), audience));
        return decoder;
    }
}
