package io.baedal.query.orderstatus;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.FindOrderStatusQuery;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.order.OrderStatusView;
import io.baedal.query.QueryProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads the order-status view through the query bus: once, waiting for a minimum version
 * (read-your-writes), or following every change until the order reaches a terminal status.
 */
@Service
public class OrderStatusReader implements SmartLifecycle {

    private final QueryGateway queryGateway;
    private final QueryProperties properties;
    /** Completed at shutdown, so open streams end before the web server waits for them. */
    private final Sinks.Empty<Void> shutdown = Sinks.empty();
    private volatile boolean running;

    OrderStatusReader(QueryGateway queryGateway, QueryProperties properties) {
        this.queryGateway = queryGateway;
        this.properties = properties;
    }

    public OrderStatusView current(OrderId orderId) {
        CompletableFuture<Optional<OrderStatusView>> answer = queryGateway.query(new FindOrderStatusQuery(orderId),
                ResponseTypes.optionalInstanceOf(OrderStatusView.class));
        return answer.join().orElseThrow(() -> notFound(orderId));
    }

    /**
     * The view once its version reaches {@code minVersion}, or as it is when the configured wait
     * runs out; not found only if the order has no view by then.
     */
    public OrderStatusView atLeast(OrderId orderId, long minVersion) {
        SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> result = subscribe(orderId);
        try {
            Flux<OrderStatusView> changes = result.initialResult().flatMap(Mono::justOrEmpty).concatWith(result.updates());
            Duration timeout = properties.readYourWritesTimeout();
            OrderStatusView reached = changes.filter(view -> view.version() >= minVersion)
                    .next()
                    .timeout(timeout, Mono.empty())
                    .block(timeout.plusSeconds(1));
            return reached != null ? reached : current(orderId);
        } finally {
            result.close();
        }
    }

    /** Every change of the view, starting with the current one, until a terminal status; empty if the order is unknown. */
    public Flux<OrderStatusView> follow(OrderId orderId) {
        SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> result = subscribe(orderId);
        return result.initialResult()
                .flatMap(Mono::justOrEmpty)
                .flatMapMany(first -> Flux.just(first)
                        .concatWith(result.updates().filter(view -> view.version() > first.version())))
                .takeUntil(view -> view.status().isTerminal())
                .take(properties.streamTimeout())
                .takeUntilOther(shutdown.asMono())
                .doFinally(signal -> result.close());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        shutdown.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which would otherwise wait for every stream. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private SubscriptionQueryResult<Optional<OrderStatusView>, OrderStatusView> subscribe(OrderId orderId) {
        return queryGateway.subscriptionQuery(new FindOrderStatusQuery(orderId),
                ResponseTypes.optionalInstanceOf(OrderStatusView.class), ResponseTypes.instanceOf(OrderStatusView.class));
    }

    private static DomainException notFound(OrderId orderId) {
        return new DomainException(ErrorCode.ORDER_NOT_FOUND, "No order with id " + orderId);
    }
}
