package io.baedal.standalone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Access tokens from the application's issuer ({@code POST /oauth2/token}, client-credentials
 * grant), one per account, asked for again shortly before they expire. Test accounts
 * ({@code role:subject}) sign in with the secret {@code test}, the README's demo accounts with {@code demo}.
 */
final class Tokens {

    private record Token(String value, Instant renewAfter) {
    }

    private final String baseUrl;
    private final HttpClient client;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    Tokens(String baseUrl, HttpClient client) {
        this.baseUrl = baseUrl;
        this.client = client;
    }

    String bearer(String account) {
        Token token = tokens.get(account);
        if (token == null || Instant.now().isAfter(token.renewAfter())) {
            token = ask(account);
            tokens.put(account, token);
        }
        return token.value();
    }

    /** Forgets every token, for an application that restarted with another issuer key. */
    void forget() {
        tokens.clear();
    }

    private Token ask(String account) {
        String secret = account.contains(":") ? "test" : "demo";
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(account, StandardCharsets.UTF_8)
                + "&client_secret=" + secret;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("No token for " + account + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode answer = HttpJson.parse(response.body());
            long lifetime = answer.path("expires_in").asLong();
            return new Token(answer.path("access_token").asString(), Instant.now().plusSeconds(Math.max(0, lifetime - 60)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
