package io.baedal.query;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.query.notification.Notification;
import io.baedal.query.notification.NotificationSender;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;

/** The query side alone, on a throw-away embedded PostgreSQL, for calling the projections directly. */
@SpringBootApplication
public class ProjectionTestApplication {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres() throws IOException {
        return EmbeddedPostgres.builder().start();
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create().url(postgres.getJdbcUrl("postgres", "postgres")).username("postgres").build();
    }

    /** The applications get theirs from Spring Boot's actuator, which the query side alone does not have. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    RecordingSender recordingSender() {
        return new RecordingSender();
    }

    /** A real adapter of the port that keeps what it sent, for the tests to read. */
    public static class RecordingSender implements NotificationSender {

        /** One call of the port. */
        public record Sent(CustomerId customerId, Notification notification, String idempotencyKey) {
        }

        public final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(CustomerId customerId, Notification notification, String idempotencyKey) {
            sent.add(new Sent(customerId, notification, idempotencyKey));
        }
    }
}
