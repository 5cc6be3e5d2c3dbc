package io.baedal.platform.web.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A {@link JwtDecoder} that remembers the tokens it has verified. A client sends the same bearer
 * token with every request for as long as the token lives, and verifying it again each time (parse,
 * select and convert the signing key, check the RSA signature) was the largest single cost of a
 * request under load. A remembered token is still checked for its expiry and not-before time on
 * every use, with the same clock skew as the first check; its signature, issuer and audience were
 * checked once and cannot change. A token that fails is never remembered.
 *
 * <p>What this gives up: a token signed by a key that the issuer later withdraws from its key set
 * stays valid here until it expires (or is pushed out of the cache), as it would in any service
 * that cached the key set for that long. Only tokens with an expiry are remembered.
 */
public final class RememberedTokens implements JwtDecoder {

    /** Tokens remembered at most; past that, expired ones go, and if that is not enough, all. */
    private static final int CAPACITY = 10_000;

    private final JwtDecoder verifier;
    private final int capacity;
    private final JwtTimestampValidator timestamps = new JwtTimestampValidator();
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    public RememberedTokens(JwtDecoder verifier) {
        this(verifier, Clock.systemUTC(), CAPACITY);
    }

    RememberedTokens(JwtDecoder verifier, Clock clock, int capacity) {
        this.verifier = verifier;
        this.capacity = capacity;
        this.clock = clock;
        this.timestamps.setClock(clock);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null) {
            OAuth2TokenValidatorResult stillValid = timestamps.validate(known);
            if (!stillValid.hasErrors()) {
                return known;
            }
            verified.remove(token);
            throw new JwtValidationException(stillValid.getErrors().iterator().next().getDescription(),
                    stillValid.getErrors());
        }
        Jwt jwt = verifier.decode(token);
        if (jwt.getExpiresAt() != null) {
            makeRoom();
            verified.put(token, jwt);
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }

    private void makeRoom() {
        if (verified.size() < capacity) {
            return;
        }
        Instant now = clock.instant();
        verified.values().removeIf(jwt -> jwt.getExpiresAt().isBefore(now));
        if (verified.size() >= capacity) {
            verified.clear();
        }
    }
}
