package io.baedal.coreapi.order;

import java.util.List;

/**
 * A customer's notifications, newest first, the answer to {@link FindCustomerNotificationsQuery}.
 * A record rather than a bare list, so that its elements keep their type when the answer is
 * serialized (through Axon Server).
 */
public record CustomerNotificationsView(List<NotificationView> notifications) {
}
