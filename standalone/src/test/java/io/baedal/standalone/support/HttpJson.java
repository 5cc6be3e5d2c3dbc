package io.baedal.standalone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the tests: JSON in, status, headers and JSON out. Each request carries a
 * bearer token from the application's own issuer: by default for the account the contract expects
 * to send it ({@link Accounts}), or for the account chosen with {@link #as}; {@link #anonymous()}
 * sends none.
 */
public final class HttpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BY_REQUEST = "";

    private final String baseUrl;
    private final HttpClient client;
    private final Tokens tokens;
    /** {@link #BY_REQUEST}, an account, or null for no token. */
    private final String account;
    /** A token to send as it is (a forged or expired one), instead of asking the issuer. */
    private final String rawToken;

    HttpJson(String baseUrl) {
        this.baseUrl = baseUrl;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.tokens = new Tokens(baseUrl, client);
        this.account = BY_REQUEST;
        this.rawToken = null;
    }

    private HttpJson(HttpJson base, String account, String rawToken) {
        this.baseUrl = base.baseUrl;
        this.client = base.client;
        this.tokens = base.tokens;
        this.account = account;
        this.rawToken = rawToken;
    }

    /** The same client signed in as this account (a test account {@code role:subject} or a demo account). */
    public HttpJson as(String account) {
        return new HttpJson(this, account, null);
    }

    /** The same client without a token. */
    public HttpJson anonymous() {
        return new HttpJson(this, null, null);
    }

    /** The same client sending this token as it is. */
    public HttpJson withToken(String token) {
        return new HttpJson(this, null, token);
    }

    /** A token of this account from the issuer. */
    public String tokenOf(String account) {
        return tokens.bearer(account);
    }

    /** A client of the application (or the gateway) at that base URL, e.g. {@code http://localhost:8080}. */
    public static HttpJson at(String baseUrl) {
        return new HttpJson(baseUrl);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            return parse(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), authorization("GET", path, null));
    }

    public Response post(String path, String jsonBody) {
        return post(path, jsonBody, Map.of());
    }

    public Response post(String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.BodyPublisher body = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        Map<String, String> allHeaders = new HashMap<>(authorization("POST", path, jsonBody));
        allHeaders.putAll(headers);
        Response response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(body), allHeaders);
        if (path.equals("/api/orders") && response.status() == 201) {
            String orderId = text(response.json(), "orderId");
            String placedBy = allHeaders.containsKey(AUTHORIZATION) ? accountOf("POST", path, jsonBody) : null;
            if (orderId != null && placedBy != null) {
                Accounts.placed(orderId, placedBy);
            }
        }
        return response;
    }

    private static final String AUTHORIZATION = "Authorization";

    private String accountOf(String method, String path, String jsonBody) {
        if (!BY_REQUEST.equals(account)) {
            return account;
        }
        JsonNode body = jsonBody == null || jsonBody.isBlank() ? null : parseOrNull(jsonBody);
        return Accounts.forRequest(method, path, body);
    }

    private Map<String, String> authorization(String method, String path, String jsonBody) {
        if (rawToken != null) {
            return Map.of(AUTHORIZATION, "Bearer " + rawToken);
        }
        String signedIn = accountOf(method, path, jsonBody);
        return signedIn == null ? Map.of() : Map.of(AUTHORIZATION, "Bearer " + tokens.bearer(signedIn));
    }

    private static JsonNode parseOrNull(String json) {
        try {
            return parse(json);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /**
     * Opens a Server-Sent Events stream and puts the JSON of each {@code data:} line in the queue
     * until the server ends the stream or the returned handle is closed.
     */
    public AutoCloseable stream(String path, java.util.concurrent.BlockingQueue<JsonNode> events) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream")
                .GET();
        authorization("GET", path, null).forEach(builder::header);
        HttpRequest request = builder.build();
        java.util.concurrent.CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(lines -> lines.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> events.add(parse(line.substring("data:".length())))));
        // Closing the body's stream closes the connection, so the server sees the client leave.
        return () -> response.thenAccept(lines -> lines.body().close()).cancel(false);
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** A text field of a JSON object, or null when it is missing or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.path(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private Response send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
