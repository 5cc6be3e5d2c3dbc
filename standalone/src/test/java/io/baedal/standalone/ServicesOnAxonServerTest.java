package io.baedal.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.delivery.service.DeliveryService;
import io.baedal.kitchen.service.KitchenService;
import io.baedal.order.service.OrderService;
import io.baedal.payment.service.PaymentService;
import io.baedal.platform.boot.BaedalLauncher;
import io.baedal.query.service.QueryService;
import io.baedal.saga.service.SagaService;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Each context's service starts as it is deployed (its main class's launcher and configuration
 * file), on the Axon Server that {@value #SERVERS} names and, for the services that keep state, on
 * an embedded PostgreSQL (each in its own schema), and says it is healthy. The payment service's
 * processors that call the payment gateway claim every one of their segments in its own schema's
 * {@code token_entry}, where other instances of the service would find them.
 */
@EnabledIfEnvironmentVariable(named = ServicesOnAxonServerTest.SERVERS, matches = ".+",
        disabledReason = "AXONSERVER_SERVERS is not set; set it to an Axon Server's gRPC address (host:port) to start the services on it")
class ServicesOnAxonServerTest {

    static final String SERVERS = "AXONSERVER_SERVERS";

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    static Stream<Arguments> services() {
        return Stream.of(
                Arguments.of(OrderService.class, OrderService.CONFIG_NAME, true, List.of()),
                Arguments.of(PaymentService.class, PaymentService.CONFIG_NAME, true,
                        List.of("payment-charges", "payment-refunds")),
                Arguments.of(KitchenService.class, KitchenService.CONFIG_NAME, false, List.of()),
                Arguments.of(DeliveryService.class, DeliveryService.CONFIG_NAME, false, List.of()),
                Arguments.of(SagaService.class, SagaService.CONFIG_NAME, true, List.of()),
                Arguments.of(QueryService.class, QueryService.CONFIG_NAME, true, List.of()));
    }

    /**
     * @param claimedInItsSchema processors whose segments this one instance claims, every one of
     *                           them, in {@code token_entry} of the service's schema
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("services")
    void startsOnAxonServerAndIsHealthy(Class<?> service, String configName, boolean keepsState,
                                        List<String> claimedInItsSchema) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--axon.axonserver.servers=" + System.getenv(SERVERS)));
        if (keepsState) {
            args.add("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"));
            args.add("--spring.datasource.username=postgres");
        }
        try (ConfigurableApplicationContext running = BaedalLauncher.runService(service, configName, args.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) running).getWebServer().getPort();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");

            String schema = running.getEnvironment().getProperty("spring.flyway.default-schema", "public");
            Map<String, StreamingEventProcessor> processors = new TreeMap<>();
            running.getBean(EventProcessingConfiguration.class).eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming && claimedInItsSchema.contains(name)) {
                    processors.put(name, streaming);
                }
            });
            assertThat(processors.keySet()).as("streaming processors of %s", configName)
                    .containsExactlyInAnyOrderElementsOf(claimedInItsSchema);
            for (Map.Entry<String, StreamingEventProcessor> processor : processors.entrySet()) {
                Segments segments = awaitAllClaimed(schema, processor.getKey(), processor.getValue());
                assertThat(segments.stored()).as("segments of %s in %s.token_entry", processor.getKey(), schema)
                        .isPositive();
                assertThat(segments.claimed()).as("segments of %s claimed in %s.token_entry", processor.getKey(), schema)
                        .isEqualTo(segments.stored());
                assertThat(processor.getValue().processingStatus()).as("segments %s processes", processor.getKey())
                        .hasSize(segments.stored());
            }
        }
    }

    /** Rows of a processor in a schema's {@code token_entry}, and how many of them an instance owns. */
    private record Segments(int stored, int claimed) {
    }

    /** A processor claims its segments a moment after the service is ready: waits (up to a minute) until it holds all of them. */
    private static Segments awaitAllClaimed(String schema, String processor, StreamingEventProcessor running)
            throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        Segments segments = segments(schema, processor);
        while (Instant.now().isBefore(deadline)
                && (segments.stored() == 0 || segments.claimed() < segments.stored()
                || running.processingStatus().size() < segments.stored())) {
            Thread.sleep(200);
            segments = segments(schema, processor);
        }
        return segments;
    }

    private static Segments segments(String schema, String processor) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT count(*), count(owner) FROM "
                     + schema + ".token_entry WHERE processor_name = ?")) {
            query.setString(1, processor);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new Segments(row.getInt(1), row.getInt(2));
            }
        }
    }
}
