package io.baedal.payment.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.platform.boot.BaedalLauncher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PaymentService starts as it is deployed ({@code PaymentService.main}'s launcher and configuration file), without any database, 
 * on the Axon Server that {@value #SERVERS} names, and says it is healthy.
 */
@EnabledIfEnvironmentVariable(named = PaymentServiceTest.SERVERS, matches = ".+",
        disabledReason = "AXONSERVER_SERVERS is not set; set it to an Axon Server's gRPC address (host:port) to start the service on it")
class PaymentServiceTest {

    static final String SERVERS = "AXONSERVER_SERVERS";

    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--axon.axonserver.servers=" + System.getenv(SERVERS)));
        service = BaedalLauncher.runService(PaymentService.class, PaymentService.CONFIG_NAME, args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void answersHealthUp() throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }
}
