package io.baedal.platform.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Real RSA-signed tokens through Nimbus, with a clock the test moves. */
class RememberedTokensTest {

    private static final int CAPACITY = 4;
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static NimbusJwtEncoder issuer;
    private static NimbusJwtEncoder stranger;
    private static JwtDecoder nimbus;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final AtomicInteger verifications = new AtomicInteger();
    private final RememberedTokens tokens = new RememberedTokens(token -> {
        verifications.incrementAndGet();
        return nimbus.decode(token);
    }, new MovableClock(), CAPACITY);

    @BeforeAll
    static void keys() throws Exception {
        RSAKey ours = new RSAKeyGenerator(2048).keyID("ours").generate();
        RSAKey theirs = new RSAKeyGenerator(2048).keyID("ours").generate();
        issuer = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(ours)));
        stranger = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(theirs)));
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<SecurityContext>(
                new JWKSet(ours.toPublicJWK()))).build();
        // The test's clock is not the wall clock: the first check's expiry is ours, too.
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        nimbus = decoder;
    }

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgain() {
        String token = token(issuer, "c-1", T0.plus(Duration.ofMinutes(30)));

        Jwt first = tokens.decode(token);
        Jwt second = tokens.decode(token);

        assertThat(second.getSubject()).isEqualTo("c-1");
        assertThat(second).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpiresAndForgotten() {
        String token = token(issuer, "c-1", T0.plus(Duration.ofMinutes(5)));
        tokens.decode(token);

        now.set(T0.plus(Duration.ofMinutes(5)).plus(Duration.ofSeconds(61)));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void withinTheClockSkewARememberedTokenStillCounts() {
        String token = token(issuer, "c-1", T0.plus(Duration.ofMinutes(5)));
        tokens.decode(token);

        now.set(T0.plus(Duration.ofMinutes(5)).plus(Duration.ofSeconds(30)));

        assertThat(tokens.decode(token).getSubject()).isEqualTo("c-1");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenThatFailsIsNeverRememberedAndFailsEveryTime() {
        String forged = token(stranger, "c-1", T0.plus(Duration.ofMinutes(30)));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void pastItsCapacityTheExpiredGoFirst() {
        for (int i = 0; i < CAPACITY - 1; i++) {
            tokens.decode(token(issuer, "old-" + i, T0.plus(Duration.ofSeconds(1))));
        }
        String live = token(issuer, "live", T0.plus(Duration.ofHours(1)));
        tokens.decode(live);
        now.set(T0.plus(Duration.ofMinutes(10)));

        tokens.decode(token(issuer, "new", T0.plus(Duration.ofHours(1))));

        assertThat(tokens.size()).isEqualTo(2);
        int before = verifications.get();
        tokens.decode(live);
        assertThat(verifications).hasValue(before);
    }

    private String token(NimbusJwtEncoder encoder, String subject, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuedAt(expiresAt.minus(Duration.ofHours(2)))
                .expiresAt(expiresAt).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("ours").build(),
                claims)).getTokenValue();
    }

    private final class MovableClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
