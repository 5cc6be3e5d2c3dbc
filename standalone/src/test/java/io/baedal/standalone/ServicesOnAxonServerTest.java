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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
 * an embedded PostgreSQL (each in its own schema), and says it is healthy.
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
                Arguments.of(OrderService.class, OrderService.CONFIG_NAME, true),
                Arguments.of(PaymentService.class, PaymentService.CONFIG_NAME, false),
                Arguments.of(KitchenService.class, KitchenService.CONFIG_NAME, false),
                Arguments.of(DeliveryService.class, DeliveryService.CONFIG_NAME, false),
                Arguments.of(SagaService.class, SagaService.CONFIG_NAME, true),
                Arguments.of(QueryService.class, QueryService.CONFIG_NAME, true));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("services")
    void startsOnAxonServerAndIsHealthy(Class<?> service, String configName, boolean keepsState) throws Exception {
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
        }
    }
}
