package io.baedal.query.rider;

import static io.baedal.query.Events.at;
import static io.baedal.query.Events.deliveryCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.delivery.DeliveryClaimedEvent;
import io.baedal.coreapi.delivery.DeliveryCompletedEvent;
import io.baedal.coreapi.delivery.DeliveryEscalatedEvent;
import io.baedal.coreapi.delivery.DeliveryId;
import io.baedal.coreapi.delivery.DeliveryPickedUpEvent;
import io.baedal.coreapi.delivery.DeliveryStatus;
import io.baedal.coreapi.delivery.DeliveryView;
import io.baedal.coreapi.delivery.FindDeliveriesQuery;
import io.baedal.coreapi.delivery.RiderId;
import io.baedal.coreapi.order.OrderId;
import io.baedal.query.ProjectionTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RiderBoardProjectionTest extends ProjectionTest {

    @Autowired
    RiderBoardProjection projection;

    private String zone;
    private DeliveryId delivery;
    private final OrderId order = new OrderId("o-1");
    private final RiderId rider = new RiderId("rider-1");

    @BeforeEach
    void newDelivery() {
        zone = "zone-" + UUID.randomUUID();
        delivery = new DeliveryId("d-" + UUID.randomUUID());
        handle(() -> projection.on(deliveryCreated(delivery, order, zone), 0, at(0)));
    }

    private List<DeliveryView> board(DeliveryStatus status) {
        return projection.handle(new FindDeliveriesQuery(zone, status)).deliveries();
    }

    @Test
    void aNewDeliveryAwaitsARiderOnTheBoardOfItsZone() {
        assertThat(board(DeliveryStatus.AWAITING_RIDER)).singleElement().satisfies(view -> {
            assertThat(view.deliveryId()).isEqualTo(delivery);
            assertThat(view.riderId()).isNull();
            assertThat(view.pickupAddress().street()).isEqualTo("88 World Cup-ro");
            assertThat(view.dropOffAddress().street()).isEqualTo("1 Hongik-ro");
        });
        assertThat(projection.handle(new FindDeliveriesQuery("elsewhere-" + UUID.randomUUID(), null)).deliveries()).isEmpty();
    }

    @Test
    void aClaimedDeliveryLeavesTheAwaitingListAndShowsItsRider() {
        handle(() -> projection.on(new DeliveryClaimedEvent(delivery, order, rider), 1, at(1)));

        assertThat(board(DeliveryStatus.AWAITING_RIDER)).isEmpty();
        assertThat(board(DeliveryStatus.RIDER_ASSIGNED)).singleElement()
                .satisfies(view -> assertThat(view.riderId()).isEqualTo(rider));
    }

    @Test
    void theDeliveryMovesToDelivered() {
        handle(() -> projection.on(new DeliveryClaimedEvent(delivery, order, rider), 1, at(1)));
        handle(() -> projection.on(new DeliveryPickedUpEvent(delivery, order, rider), 2, at(2)));
        assertThat(board(DeliveryStatus.PICKED_UP)).hasSize(1);
        handle(() -> projection.on(new DeliveryCompletedEvent(delivery, order, rider), 3, at(3)));

        assertThat(board(null)).singleElement().satisfies(view -> {
            assertThat(view.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(view.updatedAt()).isEqualTo(at(3));
        });
    }

    @Test
    void anEscalatedDeliveryStaysOnTheBoardFlagged() {
        handle(() -> projection.on(new DeliveryEscalatedEvent(delivery, order, 1, Duration.ofMinutes(10)), 1, at(10)));
        handle(() -> projection.on(new DeliveryEscalatedEvent(delivery, order, 1, Duration.ofMinutes(10)), 1, at(10)));

        assertThat(board(DeliveryStatus.AWAITING_RIDER)).singleElement()
                .satisfies(view -> assertThat(view.escalations()).isEqualTo(1));
    }

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() {
        handle(() -> projection.on(new DeliveryClaimedEvent(delivery, order, rider), 1, at(1)));
        handle(() -> projection.on(new DeliveryPickedUpEvent(delivery, order, rider), 2, at(2)));
        handle(() -> projection.on(new DeliveryClaimedEvent(delivery, order, rider), 1, at(1)));

        assertThat(board(null)).singleElement()
                .satisfies(view -> assertThat(view.status()).isEqualTo(DeliveryStatus.PICKED_UP));
    }

    @Test
    void withoutFiltersTheBoardListsEveryZone() {
        assertThat(projection.handle(new FindDeliveriesQuery(null, null)).deliveries())
                .extracting(DeliveryView::deliveryId).contains(delivery);
    }

    @Test
    void aResetEmptiesTheBoard() {
        handle(() -> projection.reset());

        assertThat(board(null)).isEmpty();
    }
}
