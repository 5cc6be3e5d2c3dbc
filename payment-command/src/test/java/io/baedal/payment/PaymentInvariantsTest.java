package io.baedal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundedEvent;
import io.baedal.coreapi.payment.PaymentRequestedEvent;
import io.baedal.coreapi.payment.PaymentUnavailableEvent;
import io.baedal.coreapi.payment.ProcessPaymentCommand;
import io.baedal.coreapi.payment.RefundPaymentCommand;
import io.baedal.coreapi.payment.RetryPaymentCommand;
import io.baedal.payment.gateway.IdempotencyKey;
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * Properties of a payment under random command sequences (a first attempt with random amount and
 * token, then retries and refunds in any order) against a gateway that approves, declines or is down
 * as the property dictates. The gateway keeps the books, so "money in equals money out" is checked
 * against what the provider saw, not only against the events. Sample number {@code seed} comes from
 * {@code new Random(seed)}, seeds 1 to {@value #SAMPLES}, so a failure names the seed, the commands
 * and the gateway's script that reproduce it.
 */
class PaymentInvariantsTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final OrderId ORDER = new OrderId("o-1");

    enum Answer { APPROVE, DECLINE, UNAVAILABLE }

    private static final int SAMPLES = 400;

    @Test
    void moneyIsChargedAtMostOnceAndRefundedAtMostOnceAndOnlyIfCharged() {
        Map<String, Integer> outcomes = new TreeMap<>();
        forEverySample(sample -> outcomes.merge(moneyIsChargedAtMostOnceAndRefundedAtMostOnceAndOnlyIfCharged(sample),
                1, Integer::sum));
        // The generators must keep reaching refunds and declines, or the checks prove little.
        assertThat(outcomes).as("outcomes of the %s samples", SAMPLES).containsKeys("refunded", "declined");
    }

    /** Checks one sample and tells how the payment ended. */
    private String moneyIsChargedAtMostOnceAndRefundedAtMostOnceAndOnlyIfCharged(Sample sample) {
        ScriptedGateway gateway = sample.gateway();
        List<Step> steps = play(sample.commands(), gateway);
        List<Object> events = steps.stream().flatMap(step -> step.events().stream()).toList();

        long approvals = events.stream().filter(PaymentApprovedEvent.class::isInstance).count();
        long declines = events.stream().filter(PaymentDeclinedEvent.class::isInstance).count();
        long refunds = events.stream().filter(PaymentRefundedEvent.class::isInstance).count();
        assertThat(approvals).as("approvals in %s", events).isLessThanOrEqualTo(1);
        assertThat(approvals + declines).as("final answers in %s", events).isLessThanOrEqualTo(1);
        assertThat(refunds).as("refunds in %s", events).isLessThanOrEqualTo(approvals);
        int firstRefund = indexOf(events, PaymentRefundedEvent.class);
        if (firstRefund >= 0) {
            assertThat(indexOf(events, PaymentApprovedEvent.class)).as("approval before the refund in %s", events)
                    .isBetween(0, firstRefund);
        }

        // Money in equals money out: the provider's books agree with the events, and a refund gives back all of it.
        Money approved = sum(events, PaymentApprovedEvent.class);
        Money refunded = sum(events, PaymentRefundedEvent.class);
        assertThat(gateway.charged).as("charged at the gateway").isEqualTo(approved);
        assertThat(gateway.refunded).as("refunded at the gateway").isEqualTo(refunded);
        if (refunds > 0) {
            assertThat(refunded).as("refund of %s", events).isEqualTo(approved);
        }
        if (approvals > 0) {
            PaymentRequestedEvent requested = (PaymentRequestedEvent) events.get(0);
            assertThat(approved).isEqualTo(requested.amount());
        }
        return approvals > 0 ? (refunds > 0 ? "refunded" : "approved")
                : declines > 0 ? "declined" : events.isEmpty() ? "never requested" : "pending";
    }

    @Test
    void theGatewayIsAskedOnlyWhileThePaymentIsPendingAndAttemptsCountUp() {
        forEverySample(this::theGatewayIsAskedOnlyWhileThePaymentIsPendingAndAttemptsCountUp);
    }

    private void theGatewayIsAskedOnlyWhileThePaymentIsPendingAndAttemptsCountUp(Sample sample) {
        ScriptedGateway gateway = sample.gateway();
        List<Step> steps = play(sample.commands(), gateway);

        int attempts = 0;
        for (Step step : steps) {
            for (Object event : step.events()) {
                if (event instanceof PaymentUnavailableEvent unavailable) {
                    attempts++;
                    assertThat(unavailable.attempt()).as("attempt number").isEqualTo(attempts);
                } else if (event instanceof PaymentApprovedEvent || event instanceof PaymentDeclinedEvent) {
                    attempts++;
                }
            }
        }
        assertThat(gateway.authorisations).as("authorisations asked of the gateway").isEqualTo(attempts);
    }

    @Test
    void everyRefusalIsADomainErrorWithACodeOrTheGatewayBeingDown() {
        forEverySample(this::everyRefusalIsADomainErrorWithACodeOrTheGatewayBeingDown);
    }

    private void everyRefusalIsADomainErrorWithACodeOrTheGatewayBeingDown(Sample sample) {
        for (Step step : play(sample.commands(), sample.gateway())) {
            if (step.failure() == null) {
                continue;
            }
            assertThat(step.events()).as("events of the refused %s", step.command()).isEmpty();
            if (step.failure() instanceof PaymentGatewayUnavailableException) {
                assertThat(step.command()).as("command that met a gateway outage")
                        .isInstanceOf(RefundPaymentCommand.class);
                continue;
            }
            assertThat(step.failure()).as("failure of %s", step.command())
                    .isInstanceOf(CommandExecutionException.class);
            assertThat(step.failure().getCause()).isInstanceOfAny(DomainException.class,
                    AggregateNotFoundException.class);
            String code = ((CommandExecutionException) step.failure()).getDetails().map(String.class::cast)
                    .orElseThrow(() -> new AssertionError("no error code for " + step.command()));
            assertThat(ErrorCode.valueOf(code)).isIn(ErrorCode.VALIDATION_FAILED, ErrorCode.ILLEGAL_PAYMENT_STATE,
                    ErrorCode.PAYMENT_NOT_FOUND);
        }
    }

    /**
     * One fixture for all samples of a test: building one costs more than playing a sequence. Each
     * sequence starts from no events at all and gets a gateway of its own behind {@link #gateway}.
     */
    private final AggregateTestFixture<Payment> fixture = new AggregateTestFixture<>(Payment.class);
    private final SwitchableGateway gateway = new SwitchableGateway();

    PaymentInvariantsTest() {
        fixture.registerInjectableResource(gateway).registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    // --- generators ----------------------------------------------------------------------------

    /**
     * One sample: a first attempt (amount 1 to 1,000,000 KRW, one in ten zero or negative; token
     * "tok-visa", one in ten blank) and up to 12 retries and refunds, each of the three alike; the
     * gateway's answers to up to 20 authorisations (approving once they run out) and whether each of up
     * to 20 refunds goes through (going through once they run out).
     */
    private record Sample(List<Object> commands, List<Answer> authorisations, List<Boolean> refundsGoThrough) {

        static Sample from(Random random) {
            BigDecimal value = random.nextInt(10) < 9
                    ? BigDecimal.valueOf(1 + random.nextInt(1_000_000))
                    : random.nextBoolean() ? BigDecimal.ZERO : new BigDecimal("-500");
            String token = random.nextInt(10) < 9 ? "tok-visa" : random.nextBoolean() ? "" : " ";
            List<Object> commands = new ArrayList<>();
            commands.add(new ProcessPaymentCommand(PAYMENT, ORDER, new Money(value, "KRW"), token));
            commands.addAll(listOf(random, 12, r -> switch (r.nextInt(3)) {
                case 0 -> new RetryPaymentCommand(PAYMENT);
                case 1 -> new RefundPaymentCommand(PAYMENT, "CUSTOMER_CANCELLED");
                default -> new RefundPaymentCommand(PAYMENT, "RESTAURANT_REJECTED");
            }));
            List<Answer> authorisations = listOf(random, 20, r -> Answer.values()[r.nextInt(Answer.values().length)]);
            List<Boolean> refundsGoThrough = listOf(random, 20, Random::nextBoolean);
            return new Sample(List.copyOf(commands), authorisations, refundsGoThrough);
        }

        ScriptedGateway gateway() {
            return new ScriptedGateway(authorisations, refundsGoThrough);
        }

        @Override
        public String toString() {
            return "commands " + commands + "\n  authorisations " + authorisations
                    + "\n  refunds go through " + refundsGoThrough;
        }
    }

    private static <T> List<T> listOf(Random random, int maxSize, Function<Random, T> element) {
        int size = random.nextInt(maxSize + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.apply(random));
        }
        return list;
    }

    /** Runs the check on the samples of seeds 1 to {@value #SAMPLES}; a failure names the seed and the sample. */
    private static void forEverySample(Consumer<Sample> check) {
        for (long seed = 1; seed <= SAMPLES; seed++) {
            Sample sample = Sample.from(new Random(seed));
            try {
                check.accept(sample);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("Sample of seed " + seed + " broke an invariant: " + failure.getMessage()
                        + "\n  " + sample, failure);
            }
        }
    }

    // --- running a sequence --------------------------------------------------------------------

    private record Step(Object command, List<Object> events, Throwable failure) {
    }

    private List<Step> play(List<Object> commands, ScriptedGateway gateway) {
        this.gateway.delegate = gateway;
        // Forgets the previous sequence and subscribes the aggregate's handlers to the fixture's command bus.
        fixture.givenCommands(List.of());

        List<Step> steps = new ArrayList<>();
        int seen = 0;
        for (Object command : commands) {
            Throwable[] failure = new Throwable[1];
            fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command), (message, result) -> {
                if (result.isExceptional()) {
                    failure[0] = result.exceptionResult();
                }
            });
            List<Object> stored = storedEvents();
            steps.add(new Step(command, List.copyOf(stored.subList(seen, stored.size())), failure[0]));
            seen = stored.size();
        }
        return steps;
    }

    private List<Object> storedEvents() {
        try {
            return fixture.getEventStore().readEvents(PAYMENT.toString()).asStream()
                    .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
        } catch (AggregateNotFoundException noPaymentYet) {
            return List.of();
        }
    }

    private static int indexOf(List<Object> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Money sum(List<Object> events, Class<?> type) {
        Money total = Money.of("0", "KRW");
        for (Object event : events) {
            if (event instanceof PaymentApprovedEvent approved && type == PaymentApprovedEvent.class) {
                total = total.plus(approved.amount());
            } else if (event instanceof PaymentRefundedEvent refunded && type == PaymentRefundedEvent.class) {
                total = total.plus(refunded.amount());
            }
        }
        return total;
    }

    /** The resource the fixture injects; it passes each call to the current sequence's gateway. */
    private static final class SwitchableGateway implements PaymentGateway {

        PaymentGateway delegate;

        @Override
        public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
            return delegate.authorise(key, paymentId, amount, paymentToken);
        }

        @Override
        public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
            delegate.refund(key, paymentId, amount);
        }
    }

    /** A provider that answers as the property says (approving once the script runs out) and keeps the books. */
    private static final class ScriptedGateway implements PaymentGateway {

        private final Iterator<Answer> authorisationScript;
        private final Iterator<Boolean> refundScript;
        Money charged = Money.of("0", "KRW");
        Money refunded = Money.of("0", "KRW");
        int authorisations;

        ScriptedGateway(List<Answer> authorisations, List<Boolean> refundsGoThrough) {
            this.authorisationScript = authorisations.iterator();
            this.refundScript = refundsGoThrough.iterator();
        }

        @Override
        public Authorisation authorise(IdempotencyKey key, PaymentId paymentId, Money amount, String paymentToken) {
            if (!IdempotencyKey.forCharge(paymentId).equals(key)) {
                throw new AssertionError("charge of " + paymentId + " with key " + key + ", not the payment's own");
            }
            authorisations++;
            Answer next = authorisationScript.hasNext() ? authorisationScript.next() : Answer.APPROVE;
            return switch (next) {
                case APPROVE -> {
                    charged = charged.plus(amount);
                    yield Authorisation.approvedWith("AUTH-" + authorisations);
                }
                case DECLINE -> Authorisation.declinedBecause("declined by the script");
                case UNAVAILABLE -> throw new PaymentGatewayUnavailableException("down by the script");
            };
        }

        @Override
        public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
            if (!IdempotencyKey.forRefund(paymentId).equals(key)) {
                throw new AssertionError("refund of " + paymentId + " with key " + key + ", not the payment's own");
            }
            if (refundScript.hasNext() && !refundScript.next()) {
                throw new PaymentGatewayUnavailableException("down by the script");
            }
            refunded = refunded.plus(amount);
        }
    }
}
