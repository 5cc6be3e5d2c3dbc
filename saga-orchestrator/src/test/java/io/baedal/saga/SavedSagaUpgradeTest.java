package io.baedal.saga;

import static io.baedal.saga.Journeys.TOTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.EscalateUnclaimedDeliveryCommand;
import io.baedal.coreapi.kitchen.CookingStartedEvent;
import io.baedal.coreapi.kitchen.CreateTicketCommand;
import io.baedal.coreapi.kitchen.RejectTicketCommand;
import io.baedal.coreapi.kitchen.TicketCancelledEvent;
import io.baedal.coreapi.kitchen.TicketId;
import io.baedal.coreapi.kitchen.TicketRejectedEvent;
import io.baedal.coreapi.order.AcceptOrderCommand;
import io.baedal.coreapi.order.MarkOrderCookingCommand;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderReason;
import io.baedal.coreapi.order.RejectOrderCommand;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sagas as earlier versions stored them, put into a saga store with their associations and their
 * pending deadlines (the rows of {@code scheduled_tasks}, with the deadline names and payloads of
 * their time), are loaded by today's saga and go on from where they were: a due deadline runs, the
 * next event is acted on. {@code saved-sagas/*.json} were captured from the saga store of the
 * version before the saga was reshaped around explicit state (commit aae1d72); the oldest one
 * predates the saga keeping where its order is.
 */
class SavedSagaUpgradeTest {

    /** An accepted order, as the version before {@code orderAt} stored it: paid, ticket accepted, AcceptOrder sent. */
    private static final String SAVED_BEFORE_ORDER_AT = """
            {"sagaId":"s-1","orderId":"o-1","restaurantId":"r-noodle","lines":[],
             "total":{"amount":"18000","currency":"KRW"},"paymentToken":"tok-visa",
             "paymentId":"%s","ticketId":"%s","payment":"APPROVED","paymentAttempts":0,
             "orderPaid":true,"kitchen":"ACCEPTED","acceptanceTimedOut":false,"orderCooking":false,
             "pickedUp":false,"delivered":false,"escalations":0,"cancelRequested":false,
             "technicalFailures":{},"placedAt":"2026-11-01T10:00:00Z","stepStartedAt":{}}
            """.formatted(Journeys.PAYMENT.value(), Journeys.TICKET.value());

    /**
     * An order whose ticket is to be created again, as the version whose {@link Step} was nested in
     * the saga stored it: the retry's deadline carries the step under the nested type's name.
     */
    private static final String SAVED_WITH_THE_NESTED_STEP = """
            {"sagaId":"saga-nested-step","orderId":"o-1","restaurantId":"r-noodle","lines":[],
             "total":{"amount":"18000","currency":"KRW"},"paymentToken":"tok-visa",
             "paymentId":"%s","ticketId":"%s","deliveryId":null,"riderId":null,"orderAt":"PAID",
             "payment":"APPROVED","kitchen":"AWAITING_ACCEPTANCE","delivery":"NONE","cancellation":"NONE",
             "paymentAttempts":0,"rejection":null,"refundReason":null,"escalations":0,"waitingForRider":null,
             "commands":{"technicalFailures":{"CREATE_TICKET":1}},
             "timing":{"placedAt":"2026-11-01T10:00:00Z","stageStartedAt":{},"scheduled":{}}}
            """.formatted(Journeys.PAYMENT.value(), Journeys.TICKET.value());

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static SharedDatabase database;
    /** Below the ids that Hibernate's sequence hands out. */
    private static long associationIds;
    private static SagaInstance instance;

    @BeforeAll
    static void loadTheSavedSagasAndLetThemGoOn() throws IOException {
        database = SharedDatabase.start();
        insertSaga(order("accepted-before-order-at"), "saga-before-order-at", SAVED_BEFORE_ORDER_AT,
                List.of("orderId", "paymentId", "ticketId"));
        insertCaptured("awaiting-acceptance", "ticket-acceptance");
        insertCaptured("cancel-requested-awaiting-acceptance", null);
        insertCaptured("payment-retrying", "payment-retry");
        insertCaptured("ticket-creation-retrying", "command-retry");
        insertCaptured("ready-for-pickup", "rider-claim");
        insertCaptured("refunding-after-rejection", null);
        insertCaptured("acceptance-timed-out", null);
        insertSaga(order("retrying-with-the-nested-step"), "saga-nested-step", SAVED_WITH_THE_NESTED_STEP,
                List.of("orderId", "paymentId", "ticketId"));
        insertDueRetry("saga-nested-step", EarlierVersions.NESTED_STEP, "\"CREATE_TICKET\"");
        // Accepted by the kitchen while AcceptOrder waits for its retry: the order is still PAID.
        insertSaga(order("accept-order-retrying"), "saga-accept-order-retrying", read("saved-sagas/awaiting-acceptance.json")
                        .get("saga").asString().replace("\"kitchen\":\"AWAITING_ACCEPTANCE\"", "\"kitchen\":\"ACCEPTED\""),
                List.of("orderId", "paymentId", "ticketId"));
        insertDueRetry("saga-accept-order-retrying", String.class.getName(), "\"ACCEPT_ORDER\"");

        instance = new SagaInstance("upgraded", database, PessimisticLockFactory.usingDefaults(), Journeys.PROPERTIES);
        // Before there are events: a token created on an empty store is none, which needs no reading back.
        await().atMost(PATIENCE).until(instance::ownsTheSagasSegment);
        instance.runDeadlines();
        instance.publish(
                new CookingStartedEvent(ticket(order("accepted-before-order-at")), order("accepted-before-order-at")),
                new TicketCancelledEvent(ticket(order("cancel-requested-awaiting-acceptance")),
                        order("cancel-requested-awaiting-acceptance"), "CUSTOMER_CANCELLED"),
                new PaymentRefundedEvent(payment(order("refunding-after-rejection")), order("refunding-after-rejection"),
                        TOTAL, "RESTAURANT_REJECTED"),
                new TicketRejectedEvent(ticket(order("acceptance-timed-out")), order("acceptance-timed-out"),
                        "ACCEPTANCE_TIMEOUT"));
        await().atMost(PATIENCE).until(() -> instance.commandsSent.size() >= 10);
    }

    @AfterAll
    static void stop() throws IOException {
        instance.close();
        database.close();
    }

    @Test
    void aSagaFromBeforeItKeptWhereTheOrderIsMarksTheOrderCookingWhenTheKitchenStarts() {
        assertThat(sentFor("accepted-before-order-at")).containsExactly(
                new MarkOrderCookingCommand(order("accepted-before-order-at")));
    }

    @Test
    void itsDueAcceptanceDeadlineRejectsTheTicket() {
        OrderId order = order("awaiting-acceptance");
        assertThat(sentFor("awaiting-acceptance")).containsExactly(new RejectTicketCommand(ticket(order), "ACCEPTANCE_TIMEOUT"));
    }

    @Test
    void itsPendingCancellationRefundsOnceTheTicketIsCancelled() {
        OrderId order = order("cancel-requested-awaiting-acceptance");
        assertThat(sentFor("cancel-requested-awaiting-acceptance")).containsExactly(
                new RefundPaymentCommand(payment(order), "CUSTOMER_CANCELLED"));
    }

    @Test
    void itsDuePaymentRetryRetriesThePayment() {
        OrderId order = order("payment-retrying");
        assertThat(sentFor("payment-retrying")).containsExactly(new RetryPaymentCommand(payment(order)));
    }

    @Test
    void itsDueCommandRetrySendsTheFailedCommandAgain() {
        OrderId order = order("ticket-creation-retrying");
        assertThat(sentFor("ticket-creation-retrying")).singleElement()
                .isInstanceOfSatisfying(CreateTicketCommand.class, command -> {
                    assertThat(command.ticketId()).isEqualTo(ticket(order));
                    assertThat(command.orderId()).isEqualTo(order);
                });
    }

    @Test
    void aDueCommandRetryWhoseStepWasNestedInTheSagaSendsTheFailedCommandAgain() {
        OrderId order = order("retrying-with-the-nested-step");
        assertThat(sentFor("retrying-with-the-nested-step")).singleElement()
                .isInstanceOfSatisfying(CreateTicketCommand.class, command -> {
                    assertThat(command.ticketId()).isEqualTo(ticket(order));
                    assertThat(command.orderId()).isEqualTo(order);
                });
    }

    /** A saga that kept where its order is goes by that, not by what its kitchen would have it be. */
    @Test
    void aDueRetryOfAcceptOrderAcceptsTheOrderTheKitchenAccepted() {
        OrderId order = order("accept-order-retrying");
        assertThat(sentFor("accept-order-retrying")).containsExactly(new AcceptOrderCommand(order, ticket(order)));
    }

    @Test
    void itsDueRiderDeadlineEscalatesTheDelivery() {
        OrderId order = order("ready-for-pickup");
        assertThat(sentFor("ready-for-pickup")).containsExactly(
                new EscalateUnclaimedDeliveryCommand(delivery(order), Duration.ofMinutes(10)));
    }

    @Test
    void itsRefundAfterTheRestaurantsRejectionRejectsTheOrder() {
        assertThat(sentFor("refunding-after-rejection")).containsExactly(
                new RejectOrderCommand(order("refunding-after-rejection"), OrderReason.RESTAURANT_REJECTED));
    }

    @Test
    void itsTimedOutTicketsRejectionIsRefundedForTheTimeout() {
        OrderId order = order("acceptance-timed-out");
        assertThat(sentFor("acceptance-timed-out")).containsExactly(
                new RefundPaymentCommand(payment(order), "ACCEPTANCE_TIMEOUT"));
    }

    /** The commands sent about one order, found by its id or the ids derived from it. */
    private static List<Object> sentFor(String name) {
        OrderId order = order(name);
        List<String> ids = List.of(order.toString(), payment(order).toString(), ticket(order).toString(),
                delivery(order).toString());
        return instance.commandsSent.stream()
                .filter(command -> ids.stream().anyMatch(id -> command.toString().contains("=" + id + ",")
                        || command.toString().contains("=" + id + "]")))
                .toList();
    }

    /** Each saved saga gets an order of its own, so that they can all be loaded side by side. */
    private static OrderId order(String name) {
        return new OrderId("o-" + name);
    }

    private static PaymentId payment(OrderId order) {
        return new PaymentId(OrderSaga.derivedId("payment", order));
    }

    private static TicketId ticket(OrderId order) {
        return new TicketId(OrderSaga.derivedId("ticket", order));
    }

    private static DeliveryId delivery(OrderId order) {
        return new DeliveryId(OrderSaga.derivedId("delivery", order));
    }

    /**
     * Inserts a captured saga under an order of its own; of its deadlines, the one named
     * {@code due} is due now and the others far ahead.
     */
    private static void insertCaptured(String name, String due) {
        JsonNode captured = read("saved-sagas/" + name + ".json");
        String sagaId = captured.get("sagaId").asString();
        List<String> keys = new ArrayList<>();
        captured.get("associations").forEach(association -> keys.add(association.get("key").asString()));
        insertSaga(order(name), sagaId, captured.get("saga").asString(), keys);
        boolean dueFound = false;
        for (JsonNode deadline : captured.get("deadlines")) {
            byte[] data = Base64.getDecoder().decode(deadline.get("taskData").asString());
            // The deadline's name is in its details, among the serialized bytes.
            boolean isDue = due != null && new String(data, StandardCharsets.ISO_8859_1).contains(due);
            dueFound |= isDue;
            database.jdbc.update("""
                            INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                            VALUES (?, ?, ?, ?, false, 1)""",
                    deadline.get("taskName").asString(), deadline.get("taskInstance").asString(), data,
                    Timestamp.from(isDue ? Instant.now() : Instant.now().plus(Duration.ofDays(1))));
        }
        assertThat(dueFound || due == null).as("%s has a deadline %s", name, due).isTrue();
    }

    /** A command retry of the saga, due now, with the payload as an earlier version serialized it. */
    private static void insertDueRetry(String sagaId, String payloadType, String payload) {
        DbSchedulerBinaryDeadlineDetails details = new DbSchedulerBinaryDeadlineDetails(OrderSaga.COMMAND_RETRY_DEADLINE,
                ("{\"type\":\"OrderSaga\",\"identifier\":\"" + sagaId + "\"}").getBytes(StandardCharsets.UTF_8),
                SagaScopeDescriptor.class.getName(), payload.getBytes(StandardCharsets.UTF_8), payloadType, null,
                "{}".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(data)) {
            out.writeObject(details);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database.jdbc.update("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                        VALUES ('AxonDeadline', ?, ?, ?, false, 1)""",
                "retry-" + sagaId, data.toByteArray(), Timestamp.from(Instant.now()));
    }

    /** The saga as stored, with the ids of the captured order ({@code o-1}) replaced by those of the given order. */
    private static void insertSaga(OrderId order, String sagaId, String json, List<String> associationKeys) {
        Map<String, String> ids = Map.of(
                Journeys.ORDER.value(), order.value(),
                Journeys.PAYMENT.value(), payment(order).value(),
                Journeys.TICKET.value(), ticket(order).value(),
                Journeys.DELIVERY.value(), delivery(order).value());
        String saga = json;
        for (Map.Entry<String, String> id : ids.entrySet()) {
            saga = saga.replace("\"" + id.getKey() + "\"", "\"" + id.getValue() + "\"");
        }
        database.jdbc.update("INSERT INTO saga_entry (saga_id, saga_type, revision, serialized_saga) VALUES (?, ?, null, ?)",
                sagaId, OrderSaga.class.getName(), saga.getBytes(StandardCharsets.UTF_8));
        for (String key : associationKeys) {
            String value = switch (key) {
                case "orderId" -> order.value();
                case "paymentId" -> payment(order).value();
                case "ticketId" -> ticket(order).value();
                case "deliveryId" -> delivery(order).value();
                default -> throw new IllegalArgumentException(key);
            };
            database.jdbc.update("""
                            INSERT INTO association_value_entry (id, association_key, association_value, saga_id, saga_type)
                            VALUES (?, ?, ?, ?, ?)""",
                    --associationIds, key, value, sagaId, OrderSaga.class.getName());
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = SavedSagaUpgradeTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
