package baedal.testsupport;

import io.baedal.coreapi.order.CustomerId;
import io.baedal.query.notification.Notification;
import io.baedal.query.notification.NotificationSender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces the logging notification adapter with one that remembers what it sent. Outside the
 * io.baedal packages, so the application's component scan does not pick it up for every test.
 */
@Configuration(proxyBeanMethods = false)
public class RecordingNotificationSender {

    public static final class Sent implements NotificationSender {

        private final List<Notification> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(CustomerId customerId, Notification notification, String idempotencyKey) {
            sent.add(notification);
        }

        public List<Notification> all() {
            return List.copyOf(sent);
        }
    }

    @Bean
    Sent recordingSender() {
        return new Sent();
    }
}
