package io.baedal.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.platform.axon.CommandFailures;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jpa.SQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Two changes to one aggregate that both stored their next event: the second is refused by the
 * event store on PostgreSQL, and the client is told to retry (409 {@code CONCURRENT_MODIFICATION}),
 * not that the entity exists already; creating an aggregate whose id is taken is {@code DUPLICATE_ID}.
 * The failures are the event store's own, as Axon raises them.
 */
class ConcurrentModificationTest {

    private static EmbeddedPostgres postgres;
    private static JdbcEventStorageEngine store;

    private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice(
            new StaticListableBeanFactory().getBeanProvider(AxonServerConnectionManager.class), List.of());

    @BeforeAll
    static void eventStore() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Serializer serializer = Jackson3Serializer.builder().build();
        store = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .persistenceExceptionResolver(new SQLErrorCodesResolver(dataSource))
                .build();
        store.createSchema(PostgresEventTableFactory.INSTANCE);
        store.appendEvents(List.of(event("o-1", 0, "placed"), event("o-1", 1, "paid")));
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    private static GenericDomainEventMessage<String> event(String aggregateId, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Order", aggregateId, sequence, payload);
    }

    private static Exception refusedAppend(GenericDomainEventMessage<String> event) {
        Throwable failure = catchThrowable(() -> store.appendEvents(List.of(event)));
        assertThat(failure).as("the store refused the append").isInstanceOf(RuntimeException.class);
        return (Exception) failure;
    }

    @Test
    void aSecondChangeAtTheSameSequenceIsAConcurrentModificationToRetry() {
        Exception concurrent = refusedAppend(event("o-1", 1, "cancelled at the same moment"));

        ResponseEntity<ProblemDetail> answer = advice.concurrency(concurrent);
        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getProperties()).containsEntry("code", ErrorCode.CONCURRENT_MODIFICATION.name());
        assertThat(CommandFailures.refusal(concurrent)).as("a technical failure, worth sending again").isEmpty();

        ResponseEntity<ProblemDetail> overTheBus = advice.handlerFailure(
                new CommandExecutionException(concurrent.getMessage(), concurrent),
                new MockHttpServletRequest("POST", "/api/orders/o-1/cancel"));
        assertThat(overTheBus.getBody().getProperties()).containsEntry("code", ErrorCode.CONCURRENT_MODIFICATION.name());
    }

    @Test
    void creatingAnAggregateWhoseIdIsTakenIsADuplicate() {
        Exception duplicate = refusedAppend(event("o-1", 0, "placed again"));

        ResponseEntity<ProblemDetail> answer = advice.concurrency(duplicate);
        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getBody().getProperties()).containsEntry("code", ErrorCode.DUPLICATE_ID.name());
        assertThat(CommandFailures.refusal(duplicate)).contains(ErrorCode.DUPLICATE_ID);
    }
}
