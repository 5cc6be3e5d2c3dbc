package io.baedal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway in front of real HTTP servers standing in for the services, each answering with its
 * name and what it received: every path of the REST contract reaches its owner with its method,
 * query, body and headers intact; SSE passes through event by event; a killed instance's requests go
 * to the other one; no instance at all is a 503 problem with our code.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutingTest {

    private static final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
    /** The stand-in issuer's key: it publishes the public half, the test signs tokens with it. */
    private static final RSAKey ISSUER_KEY = issuerKey();
    private static final String TOKEN = token(ISSUER_KEY, "baedal", Instant.now().plusSeconds(3600));
    /** Released by the test once it has read the stream's first event; only then the second is sent. */
    private static final CountDownLatch firstEventSeen = new CountDownLatch(1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startServices() throws IOException {
        for (String name : List.of("identity", "order", "kitchen", "delivery", "query-1", "query-2")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> answer(name, exchange));
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            servers.put(name, server);
        }
    }

    @AfterAll
    static void stopServices() {
        servers.values().forEach(server -> server.stop(0));
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        String base = "spring.cloud.discovery.client.simple.instances.";
        registry.add(base + "identity[0].uri", () -> uri("identity"));
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> uri("identity") + "/oauth2/jwks");
        registry.add(base + "order[0].uri", () -> uri("order"));
        registry.add(base + "kitchen[0].uri", () -> uri("kitchen"));
        registry.add(base + "delivery[0].uri", () -> uri("delivery"));
        registry.add(base + "query[0].uri", () -> uri("query-1"));
        registry.add(base + "query[1].uri", () -> uri("query-2"));
    }

    private static String uri(String name) {
        return "http://127.0.0.1:" + servers.get(name).getAddress().getPort();
    }

    static Stream<Arguments> contract() {
        return Stream.of(
                Arguments.of("POST", "/api/orders", "order"),
                Arguments.of("POST", "/api/orders/o-1/cancel", "order"),
                Arguments.of("GET", "/api/orders/o-1", "query"),
                Arguments.of("GET", "/api/orders/o-1?minVersion=3", "query"),
                Arguments.of("GET", "/api/customers/c-1/orders?page=0&size=5", "query"),
                Arguments.of("GET", "/api/customers/c-1/notifications", "query"),
                Arguments.of("GET", "/api/restaurants", "kitchen"),
                Arguments.of("GET", "/api/restaurants/r-1", "kitchen"),
                Arguments.of("GET", "/api/restaurants/r-1/tickets?status=COOKING", "query"),
                Arguments.of("POST", "/api/tickets/t-1/accept", "kitchen"),
                Arguments.of("POST", "/api/tickets/t-1/reject", "kitchen"),
                Arguments.of("POST", "/api/tickets/t-1/start-cooking", "kitchen"),
                Arguments.of("POST", "/api/tickets/t-1/finish-cooking", "kitchen"),
                Arguments.of("GET", "/api/deliveries?zone=mapo&status=AWAITING_RIDER", "query"),
                Arguments.of("POST", "/api/deliveries/d-1/claim", "delivery"),
                Arguments.of("POST", "/api/deliveries/d-1/pick-up", "delivery"),
                Arguments.of("POST", "/api/deliveries/d-1/deliver", "delivery"),
                Arguments.of("POST", "/api/admin/projections/order-status/replay", "query"),
                Arguments.of("GET", "/api/admin/projections/order-status/replay", "query"),
                // A method the owner does not map still reaches it, so the 405 is the service's own.
                Arguments.of("DELETE", "/api/orders", "order"),
                Arguments.of("POST", "/api/orders/o-1", "query"),
                Arguments.of("POST", "/oauth2/token", "identity"),
                Arguments.of("GET", "/.well-known/oauth-authorization-server", "identity"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("contract")
    void everyPathOfTheContractReachesItsOwnerIntact(String method, String path, String owner) throws Exception {
        String body = method.equals("GET") ? "" : "{\"reason\":\"전화 주세요\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Idempotency-Key", "key-42")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }

        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(method.equals("POST") && path.equals("/api/orders") ? 201 : 200);
        Map<String, String> seen = parse(response.body());
        assertThat(seen.get("service")).startsWith(owner);
        assertThat(seen.get("method")).isEqualTo(method);
        assertThat(seen.get("uri")).isEqualTo(path);
        assertThat(seen.get("body")).isEqualTo(body);
        assertThat(seen.get("idempotency-key")).isEqualTo("key-42");
        assertThat(seen.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        // The service checks the same token for the caller's role and identity.
        assertThat(seen.get("authorization")).isEqualTo("Bearer " + TOKEN);
        if (path.equals("/api/orders") && method.equals("POST")) {
            assertThat(response.headers().firstValue("Location")).hasValue("/api/orders/o-77");
        }
    }

    @Test
    void serverSentEventsPassThroughAsTheyAreSentNotWhenTheStreamEnds() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/o-1/stream"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Accept", "text/event-stream").build();

        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The service holds the second event back until the test has seen the first one: a
            // gateway that buffered the response would deliver nothing and the read would block.
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.equals("data: {\"status\":\"PAID\"}")) {
                    firstEventSeen.countDown();
                }
            }
        }
        assertThat(lines).containsSubsequence("data: {\"status\":\"PAID\"}", "data: {\"status\":\"ACCEPTED\"}");
    }

    @Test
    void aKilledInstancesRequestsGoToTheOtherOne() throws Exception {
        HttpServer killed = servers.get("query-2");
        killed.stop(0);
        try {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = get("/api/orders/o-" + i);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(parse(response.body()).get("service")).isEqualTo("query-1");
            }
        } finally {
            restart("query-2", killed.getAddress().getPort());
        }
    }

    @Test
    void aServiceWithNoInstanceLeftIsA503ProblemWithRetryAfter() throws Exception {
        HttpServer killed = servers.get("delivery");
        killed.stop(0);
        HttpResponse<String> response;
        try {
            response = post("/api/deliveries/d-1/claim", "{\"riderId\":\"r-1\"}");
        } finally {
            restart("delivery", killed.getAddress().getPort());
        }

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"code\":\"SERVICE_UNAVAILABLE\"", "\"status\":503");
    }

    @Test
    void aPathOfNoServiceIsA404ProblemAsInTheStandaloneApp() throws Exception {
        HttpResponse<String> response = get("/api/menus");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"", "No resource at /api/menus");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void anApiRequestWithoutAValidTokenIsRefusedBeforeAnyService(String what, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }

        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.body()).contains("\"code\":\"UNAUTHENTICATED\"", "\"status\":401");
        assertThat(response.body()).doesNotContain("service=");
    }

    static Stream<Arguments> badTokens() throws Exception {
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("other").generate();
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("not a JWT", "Bearer not-a-jwt"),
                Arguments.of("signed by another key", "Bearer " + token(otherKey, "baedal", Instant.now().plusSeconds(3600))),
                Arguments.of("for another audience", "Bearer " + token(ISSUER_KEY, "someone-else", Instant.now().plusSeconds(3600))),
                Arguments.of("expired", "Bearer " + token(ISSUER_KEY, "baedal", Instant.now().minusSeconds(3600))));
    }

    @Test
    void theCatalogueNeedsNoToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/restaurants")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(parse(response.body()).get("service")).isEqualTo("kitchen");
    }

    private static RSAKey issuerKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("stand-in-issuer").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A customer's token as the issuer signs it. */
    private static String token(RSAKey key, String audience, Instant expiresAt) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    new JWTClaimsSet.Builder().subject("c-1").audience(audience).claim("roles", List.of("customer"))
                            .issueTime(Date.from(expiresAt.minusSeconds(7200))).expirationTime(Date.from(expiresAt)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void restart(String name, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> answer(name, exchange));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        servers.put(name, server);
    }

    /** What a stand-in service answers: its name and the request as it arrived, one {@code key=value} a line. */
    private static void answer(String name, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/actuator/health")) {
            send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
            return;
        }
        if (path.equals("/oauth2/jwks")) {
            send(exchange, 200, "application/json", new JWKSet(ISSUER_KEY.toPublicJWK()).toString());
            return;
        }
        if (path.endsWith("/stream")) {
            stream(exchange);
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String echo = "service=" + name + "\nmethod=" + exchange.getRequestMethod()
                + "\nuri=" + exchange.getRequestURI() + "\nbody=" + body
                + "\nidempotency-key=" + exchange.getRequestHeaders().getFirst("Idempotency-Key")
                + "\ntraceparent=" + exchange.getRequestHeaders().getFirst("traceparent")
                + "\nauthorization=" + exchange.getRequestHeaders().getFirst("Authorization") + "\n";
        if (exchange.getRequestMethod().equals("POST") && path.equals("/api/orders")) {
            exchange.getResponseHeaders().add("Location", "/api/orders/o-77");
            send(exchange, 201, "text/plain", echo);
        } else {
            send(exchange, 200, "text/plain", echo);
        }
    }

    private static void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("event: order\ndata: {\"status\":\"PAID\"}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (!firstEventSeen.await(10, TimeUnit.SECONDS)) {
                out.write("event: order\ndata: {\"status\":\"NEVER_SEEN_IN_TIME\"}\n\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            out.write("event: order\ndata: {\"status\":\"ACCEPTED\"}\n\n".getBytes(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String echo) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String line : echo.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }
}
