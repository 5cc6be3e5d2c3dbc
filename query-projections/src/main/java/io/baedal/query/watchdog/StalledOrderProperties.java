package io.baedal.query.watchdog;

import io.baedal.coreapi.order.OrderStatus;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the stalled-order watchdog ({@code baedal.watchdog.*}).
 *
 * @param interval            how often it looks; the gauges are as old as the last look
 * @param behindKitchenMargin how long an order may trail its kitchen ticket (the saga reacts within a
 *                            second; the two views are updated by different processors)
 * @param allowance           how long an order may stay in each non-terminal status
 */
@ConfigurationProperties("baedal.watchdog")
public record StalledOrderProperties(
        @DefaultValue("30s") Duration interval,
        @DefaultValue("1m") Duration behindKitchenMargin,
        @DefaultValue Allowance allowance) {

    /**
     * Per status, how long before an order counts as stalled. Each is the longest the saga can
     * legitimately take in that status, plus a margin.
     *
     * @param paymentPending        the gateway answers within its 2 s timeout; a failed payment command
     *                              is retried for about half a minute ({@code baedal.saga.command-retry})
     * @param paymentRetrying       an unavailable gateway is retried for about a quarter of a minute
     *                              ({@code baedal.saga.payment-retry}) before the order is rejected
     * @param paid                  keep it above {@code baedal.saga.acceptance-timeout} (5 m), after which
     *                              the saga rejects and refunds
     * @param accepted              time for the kitchen to start cooking
     * @param cooking               time to cook
     * @param readyForPickup        the saga escalates every {@code baedal.saga.rider-claim-timeout} (10 m)
     *                              but never gives up
     * @param pickedUp              time to ride to the customer
     * @param cancellationRequested the saga cancels the ticket and refunds within seconds
     */
    public record Allowance(
            @DefaultValue("5m") Duration paymentPending,
            @DefaultValue("5m") Duration paymentRetrying,
            @DefaultValue("7m") Duration paid,
            @DefaultValue("30m") Duration accepted,
            @DefaultValue("1h") Duration cooking,
            @DefaultValue("1h") Duration readyForPickup,
            @DefaultValue("1h") Duration pickedUp,
            @DefaultValue("2m") Duration cancellationRequested) {

        /** The allowance of a non-terminal status. */
        public Duration of(OrderStatus status) {
            return switch (status) {
                case PAYMENT_PENDING -> paymentPending;
                case PAYMENT_RETRYING -> paymentRetrying;
                case PAID -> paid;
                case ACCEPTED -> accepted;
                case COOKING -> cooking;
                case READY_FOR_PICKUP -> readyForPickup;
                case PICKED_UP -> pickedUp;
                case CANCELLATION_REQUESTED -> cancellationRequested;
                case DELIVERED, CANCELLED, REJECTED ->
                        throw new IllegalArgumentException(status + " is terminal: an order there cannot stall");
            };
        }
    }
}
