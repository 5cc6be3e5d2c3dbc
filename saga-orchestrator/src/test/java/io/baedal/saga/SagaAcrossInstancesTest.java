package io.baedal.saga;

import static io.baedal.saga.Journeys.ORDER;
import static io.baedal.saga.Journeys.PAYMENT;
import static io.baedal.saga.Journeys.TICKET;
import static io.baedal.saga.Journeys.TOTAL;
import static io.baedal.saga.Journeys.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.baedal.coreapi.kitchen.CancelTicketCommand;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.order.OrderCancellationRequestedEvent;
import io.baedal.coreapi.order.OrderPaidEvent;
import io.baedal.coreapi.order.OrderStatus;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import jakarta.persistence.TransactionRequiredException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saga on two instances of the saga service over one PostgreSQL, as when it is scaled out:
 * instance B's processor owns the saga's segment, instance A's scheduler runs the ticket's due
 * acceptance deadline, and the customer's cancellation reaches B meanwhile. Each race stops the
 * instance that loaded the saga first just before it saves (its transaction open), lets the other
 * one at the saga, and then lets both finish: locked only inside each JVM (Axon's own lock), the
 * second one works on what the first is about to overwrite, and the later save loses an update.
 */
class SagaAcrossInstancesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The ticket's acceptance deadline is due as soon as it is scheduled. */
    private static final SagaProperties PROPERTIES = new SagaProperties(Duration.ZERO, Duration.ofMinutes(10),
            Journeys.PROPERTIES.paymentRetry(), Journeys.PROPERTIES.commandRetry(), Duration.ofSeconds(10));
    private static final Object CANCELLATION =
            new OrderCancellationRequestedEvent(ORDER, OrderStatus.PAID, "changed my mind");

    private static SharedDatabase database;
    /** Runs the deadline; its processor runs too, but B owns the saga's segment. */
    private SagaInstance a;
    /** Handles the events: its processor owns the saga's segment; its scheduler is not started. */
    private SagaInstance b;

    /** Which of the two loads the saga first: the deadline on A or the event on B. */
    enum First { DEADLINE, EVENT }

    /** What the two instances did, and what is stored after both saved. */
    record Race(boolean secondWaitedForTheFirst, StoredSaga saga, List<Object> sentByA, List<Object> sentByB) {
    }

    /** What the deadline and the event change in the saga. */
    record StoredSaga(boolean acceptanceTimedOut, boolean cancelRequested) {
    }

    @BeforeAll
    static void startDatabase() throws IOException {
        database = SharedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    @AfterEach
    void stopInstances() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        database.clear();
    }

    @Test
    void aTimeoutThatLoadedTheSagaFirstIsKeptWhenTheCancellationSavesAfterIt() throws InterruptedException {
        Race race = race(() -> new SagaRowLock(database.entityManagers), First.DEADLINE);

        assertThat(race.saga()).isEqualTo(new StoredSaga(true, true));
        assertThat(race.sentByA()).containsExactly(new RejectTicketCommand(TICKET, OrderSaga.TIMEOUT_REASON));
        assertThat(race.sentByB()).endsWith(new CancelTicketCommand(TICKET, OrderSaga.CANCELLED_REASON));
        assertThat(race.secondWaitedForTheFirst()).as("the event waited for the deadline's transaction").isTrue();
    }

    @Test
    void aCancellationThatLoadedTheSagaFirstIsSeenByTheTimeout() throws InterruptedException {
        Race race = race(() -> new SagaRowLock(database.entityManagers), First.EVENT);

        assertThat(race.saga()).isEqualTo(new StoredSaga(false, true));
        assertThat(race.sentByA()).as("a pending cancellation holds the timeout").isEmpty();
        assertThat(race.sentByB()).endsWith(new CancelTicketCommand(TICKET, OrderSaga.CANCELLED_REASON));
        assertThat(race.secondWaitedForTheFirst()).as("the deadline waited for the event's transaction").isTrue();
    }

    /** The retry's deadline names the failed step; any instance's scheduler may run it. */
    @Test
    void aCommandThatFailedOnOneInstanceIsSentAgainByItsRetryDeadlineOnTheOther() {
        b = new SagaInstance("instance-b", database, new SagaRowLock(database.entityManagers), Journeys.PROPERTIES);
        b.failing = command -> command instanceof CreateTicketCommand;
        await().atMost(PATIENCE).until(b::ownsTheSagasSegment);
        a = new SagaInstance("instance-a", database, new SagaRowLock(database.entityManagers), Journeys.PROPERTIES);
        b.publish(placed(), new PaymentApprovedEvent(PAYMENT, ORDER, TOTAL, "SIM-1"), new OrderPaidEvent(ORDER, PAYMENT));
        await().atMost(PATIENCE).until(() -> database.scheduledDeadlines() == 2);

        a.runDeadlines();

        await().atMost(PATIENCE).until(() -> !a.commandsSent.isEmpty());
        assertThat(a.commandsSent).containsExactly(new CreateTicketCommand(TICKET, ORDER, Journeys.RESTAURANT,
                Journeys.TICKET_LINES));
    }

    @Test
    void aSagaIsNotLoadedOutsideATransactionWhereItsRowCouldNotStayLocked() {
        assertThatThrownBy(() -> new SagaRowLock(database.entityManagers).obtainLock("saga-1"))
                .isInstanceOf(TransactionRequiredException.class);
    }

    /** The same races with Axon's repository as it is: what the row lock is for. */
    @ParameterizedTest
    @EnumSource(First.class)
    void lockedOnlyInsideEachJvmTheSecondSaveUndoesTheFirst(First first) throws InterruptedException {
        Race race = race(PessimisticLockFactory::usingDefaults, first);

        assertThat(race.saga()).isEqualTo(first == First.DEADLINE
                ? new StoredSaga(false, true)   // the timeout is forgotten
                : new StoredSaga(true, false)); // the customer's cancellation is forgotten
        assertThat(race.secondWaitedForTheFirst()).isFalse();
    }

    /**
     * Takes the saga to a ticket awaiting acceptance (its acceptance deadline due), then runs the
     * deadline on A and the cancellation on B: the first one loads the saga and stops before it
     * saves; the second one either loads the saga too or waits for a lock on it; the first saves
     * and commits, then the second.
     */
    private Race race(Supplier<LockFactory> lockOfEachInstance, First first) throws InterruptedException {
        b = new SagaInstance("instance-b", database, lockOfEachInstance.get(), PROPERTIES);
        await().atMost(PATIENCE).until(b::ownsTheSagasSegment);
        a = new SagaInstance("instance-a", database, lockOfEachInstance.get(), PROPERTIES);
        b.publish(placed(), new PaymentApprovedEvent(PAYMENT, ORDER, TOTAL, "SIM-1"), new OrderPaidEvent(ORDER, PAYMENT));
        await().atMost(PATIENCE).until(() -> database.scheduledDeadlines() == 1);

        a.store.arm();
        b.store.arm();
        SagaInstance firstIn = first == First.DEADLINE ? a : b;
        SagaInstance secondIn = first == First.DEADLINE ? b : a;
        startOn(firstIn);
        awaitLatch(firstIn.store.saving);
        startOn(secondIn);
        await().atMost(PATIENCE)
                .until(() -> secondIn.store.loaded.getCount() == 0 || database.aSessionWaitsToLockASaga());
        boolean secondWaited = secondIn.store.loaded.getCount() > 0;
        firstIn.store.letItSave();
        awaitLatch(firstIn.store.committed);
        secondIn.store.letItSave();
        awaitLatch(secondIn.store.committed);

        JsonNode saga = JsonMapper.builder().build().readTree(database.storedSaga());
        return new Race(secondWaited,
                new StoredSaga("TIMING_OUT".equals(saga.get("kitchen").asString()),
                        "REQUESTED".equals(saga.get("cancellation").asString())),
                a.commandsSent, b.commandsSent);
    }

    private void startOn(SagaInstance instance) {
        if (instance == a) {
            a.runDeadlines();
        } else {
            b.publish(CANCELLATION);
        }
    }

    private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("in time").isTrue();
    }
}
