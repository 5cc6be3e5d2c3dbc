package io.baedal.payment.gateway;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Puts a time limit, a bulkhead and a circuit breaker in front of the provider: a slow or
 * failing provider makes calls fail fast as "unavailable" (to be retried later) instead of
 * holding command threads. A decline is a successful call for the breaker. A call given up on
 * may still complete at the provider; the idempotency key makes the retry harmless.
 */
public class ResilientPaymentGateway implements PaymentGateway, AutoCloseable {

    private final PaymentGateway delegate;
    private final PaymentGatewayProperties properties;
    private final CircuitBreaker breaker;
    private final ExecutorService calls;

    public ResilientPaymentGateway(PaymentGateway delegate, PaymentGatewayProperties properties) {
        this.delegate = delegate;
        this.properties = properties;
        this.breaker = CircuitBreaker.of("payment-gateway", CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .waitDurationInOpenState(properties.waitInOpenState())
                .recordExceptions(PaymentGatewayUnavailableException.class)
                .build());
        this.calls = new ThreadPoolExecutor(0, properties.maxConcurrentCalls(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "payment-gateway-call");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
        return call(() -> delegate.authorise(key, paymentId, amount, paymentToken));
    }

    @Override
    public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
        call(() -> {
            delegate.refund(key, paymentId, amount);
            return null;
        });
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private <T> T call(Supplier<T> operation) {
        if (!breaker.tryAcquirePermission()) {
            throw new PaymentGatewayUnavailableException("Payment gateway circuit is open: failing fast");
        }
        long start = System.nanoTime();
        try {
            T result = CompletableFuture.supplyAsync(operation, calls)
                    .get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (TimeoutException e) {
            throw failed(start, new PaymentGatewayUnavailableException(
                    "Payment gateway did not answer within " + properties.timeout()));
        } catch (RejectedExecutionException e) {
            throw failed(start, new PaymentGatewayUnavailableException("Too many payment gateway calls in flight"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RejectedExecutionException) {
                throw failed(start, new PaymentGatewayUnavailableException("Too many payment gateway calls in flight"));
            }
            if (e.getCause() instanceof PaymentGatewayUnavailableException unavailable) {
                throw failed(start, unavailable);
            }
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e.getCause());
            throw new IllegalStateException("Payment gateway call failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentGatewayUnavailableException("Interrupted while calling the payment gateway");
        }
    }

    private PaymentGatewayUnavailableException failed(long start, PaymentGatewayUnavailableException e) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        return e;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
