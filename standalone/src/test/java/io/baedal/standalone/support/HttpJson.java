package io.baedal.standalone.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the tests: JSON in, status, headers and JSON out. */
public final class HttpJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpJson(String baseUrl) {
        this.baseUrl = baseUrl;
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
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), Map.of());
    }

    public Response post(String path, String jsonBody) {
        return post(path, jsonBody, Map.of());
    }

    public Response post(String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.BodyPublisher body = jsonBody == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .POST(body), headers);
    }

    /**
     * Opens a Server-Sent Events stream and puts the JSON of each {@code data:} line in the queue
     * until the server ends the stream or the returned handle is closed.
     */
    public AutoCloseable stream(String path, java.util.concurrent.BlockingQueue<JsonNode> events) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
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
