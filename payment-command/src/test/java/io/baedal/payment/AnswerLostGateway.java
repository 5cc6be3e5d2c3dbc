package io.baedal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The network between us and a real provider, losing the answer to the first call of one kind
 * (a charge or a refund) after the provider has acted on it: the answer never comes and our side
 * times out. Every other call goes through.
 */
final class AnswerLostGateway implements PaymentGateway {

    enum Call { CHARGE, REFUND }

    private final PaymentGateway provider;
    private final Call lose;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final CountDownLatch providerActed = new CountDownLatch(1);
    private final CountDownLatch never = new CountDownLatch(1);

    AnswerLostGateway(PaymentGateway provider, Call lose) {
        this.provider = provider;
        this.lose = lose;
    }

    @Override
    public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
        Authorisation answer = provider.authorise(key, paymentId, amount, paymentToken);
        loseTheFirstAnswerOf(Call.CHARGE);
        return answer;
    }

    @Override
    public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
        provider.refund(key, paymentId, amount);
        loseTheFirstAnswerOf(Call.REFUND);
    }

    /** Waits until the provider has acted on the lost call, which may finish after our side gave up on it. */
    void awaitTheProviderActed() throws InterruptedException {
        assertThat(providerActed.await(1, TimeUnit.MINUTES)).as("the provider acted on the first call").isTrue();
    }

    private void loseTheFirstAnswerOf(Call call) {
        if (call != lose || !lost.compareAndSet(false, true)) {
            return;
        }
        providerActed.countDown();
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("The answer of the provider was lost");
    }
}
