package io.baedal.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issuer's signing key, kept in PostgreSQL: tokens stay valid across restarts, and two issuer
 * instances sign with the same key. The first start makes one; when two start at once, the first
 * insert wins and both read it back.
 */
final class SigningKeys {

    private final JdbcTemplate jdbc;

    SigningKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    JWKSet load() {
        List<String> stored = read();
        if (stored.isEmpty()) {
            jdbc.update("INSERT INTO identity_signing_key (key_id, jwk) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    "current", generate().toJSONString());
            stored = read();
        }
        try {
            return new JWKSet(RSAKey.parse(stored.get(0)));
        } catch (ParseException e) {
            throw new IllegalStateException("The stored signing key cannot be read", e);
        }
    }

    private List<String> read() {
        return jdbc.queryForList("SELECT jwk FROM identity_signing_key WHERE key_id = 'current'", String.class);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
