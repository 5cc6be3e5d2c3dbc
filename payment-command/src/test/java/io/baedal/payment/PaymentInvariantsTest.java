package io.baedal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.baedal.coreapi.common.Money;
import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import io.baedal.coreapi.order.OrderId;
import io.baedal.coreapi.payment.PaymentApprovedEvent;
import io.baedal.coreapi.payment.PaymentAttemptRequestedEvent;
import io.baedal.coreapi.payment.PaymentDeclinedEvent;
import io.baedal.coreapi.payment.PaymentId;
import io.baedal.coreapi.payment.PaymentRefundRequestedEvent;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * Properties of a payment under random sequences of the saga's commands (a first attempt with
 * random amount and token, then retries and refunds in any order), with the gateway-calling
 * handlers ({@link GatewayCharges}, {@link GatewayRefunds}) handed every request the payment
 * records, a refund the gateway refused handed again before the next command (as its processor
 * retries it), and some requests handed twice at once (two deliveries that both found the request
 * open). The gateway approves, declines or is down as the sample's script says, and like a real
 * provider answers a key it has acted on with its first answer; it keeps the books, so "money in
 * equals money out" is checked against what the provider did, not only against the events. Sample
 * number {@code seed} comes from {@code new Random(seed)}, seeds 1 to {@value #SAMPLES}, so a
 * failure names the seed, the commands and the gateway's script that reproduce it.
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
        // The generators must keep reaching refunds, declines and late answers, or the checks prove little.
        assertThat(outcomes).as("outcomes of the %s samples", SAMPLES).containsKeys("refunded", "declined", "pending");
    }

    /** Checks one sample and tells how the payment ended. */
    private String moneyIsChargedAtMostOnceAndRefundedAtMostOnceAndOnlyIfCharged(Sample sample) {
        Run run = play(sample);
        List<Object> events = run.events();

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
        assertThat(run.gateway().charged).as("charged at the gateway").isEqualTo(approved);
        assertThat(run.gateway().refunded).as("refunded at the gateway").isEqualTo(refunded);
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
    void oneAttemptAtATimeNumberedUpAndNoneAfterTheFinalAnswer() {
        forEverySample(this::oneAttemptAtATimeNumberedUpAndNoneAfterTheFinalAnswer);
    }

    private void oneAttemptAtATimeNumberedUpAndNoneAfterTheFinalAnswer(Sample sample) {
        List<Object> events = play(sample).events();
        int attempts = 0;
        boolean underWay = false;
        boolean answered = false;
        for (Object event : events) {
            if (event instanceof PaymentAttemptRequestedEvent attempt) {
                assertThat(underWay).as("an attempt under way when %s was asked for, in %s", attempt, events).isFalse();
                assertThat(answered).as("final answer before %s, in %s", attempt, events).isFalse();
                assertThat(attempt.attempt()).as("attempt number in %s", events).isEqualTo(++attempts);
                underWay = true;
            } else if (event instanceof PaymentUnavailableEvent unavailable) {
                assertThat(underWay).as("an attempt under way for %s in %s", unavailable, events).isTrue();
                assertThat(unavailable.attempt()).as("attempt of %s in %s", unavailable, events).isEqualTo(attempts);
                underWay = false;
            } else if (event instanceof PaymentApprovedEvent || event instanceof PaymentDeclinedEvent) {
                assertThat(attempts).as("attempts before %s in %s", event, events).isPositive();
                answered = true;
                underWay = false;
            }
        }
    }

    @Test
    void theSagasRefusedCommandsCarryACodeAndTheGatewaysAnswersAreNeverRefused() {
        forEverySample(this::theSagasRefusedCommandsCarryACodeAndTheGatewaysAnswersAreNeverRefused);
    }

    private void theSagasRefusedCommandsCarryACodeAndTheGatewaysAnswersAreNeverRefused(Sample sample) {
        Run run = play(sample);
        assertThat(run.handlerFailures()).as("failures of the gateway-calling handlers other than a refund the gateway refused")
                .allSatisfy(failure -> assertThat(failure).isInstanceOf(PaymentGatewayUnavailableException.class));
        for (Step step : run.steps()) {
            if (step.failure() == null) {
                continue;
            }
            assertThat(step.events()).as("events of the refused %s", step.command()).isEmpty();
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

    // --- generators ----------------------------------------------------------------------------

    /**
     * One sample: a first attempt (amount 1 to 1,000,000 KRW, one in ten zero or negative; token
     * "tok-visa", one in ten blank) and up to 12 retries and refunds, each of the three alike; the
     * gateway's answers to up to 20 authorisations (approving once they run out), whether each of up
     * to 20 refunds goes through (going through once they run out), and for up to 20 requests
     * whether it is handed over twice at once.
     */
    private record Sample(List<Object> commands, List<Answer> authorisations, List<Boolean> refundsGoThrough,
                          List<Boolean> deliveredTwice) {

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
            List<Boolean> deliveredTwice = listOf(random, 20, r -> r.nextInt(4) == 0);
            return new Sample(List.copyOf(commands), authorisations, refundsGoThrough, deliveredTwice);
        }

        @Override
        public String toString() {
            return "commands " + commands + "\n  authorisations " + authorisations
                    + "\n  refunds go through " + refundsGoThrough + "\n  delivered twice " + deliveredTwice;
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

    /** A saga command and the events it led to, the gateway's answers included. */
    private record Step(Object command, List<Object> events, Throwable failure) {
    }

    private record Run(List<Step> steps, List<Throwable> handlerFailures, ScriptedGateway gateway) {

        List<Object> events() {
            return steps.stream().flatMap(step -> step.events().stream()).toList();
        }
    }

    /**
     * One fixture for all samples of a test: building one costs more than playing a sequence. Each
     * sequence starts from no events at all.
     */
    private final AggregateTestFixture<Payment> fixture = new AggregateTestFixture<>(Payment.class);
    private final CommandGateway commands = DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build();

    PaymentInvariantsTest() {
        fixture.registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    /**
     * Plays a sample: each saga command, then every request it recorded
     * handed to the gateway-calling handlers (and some handed twice at once), as their processors
     * would, on the fixture's command bus.
     */
    private Run play(Sample sample) {
        // Forgets the previous sequence and subscribes the aggregate's handlers to the fixture's command bus.
        fixture.givenCommands(List.of());
        ScriptedGateway gateway = new ScriptedGateway(sample.authorisations(), sample.refundsGoThrough());
        PaymentHistory history = new PaymentHistory(fixture.getEventStore());
        // A second delivery that read the payment's events before the first one's answer was stored.
        PaymentHistory nothingAnsweredYet = new PaymentHistory(
                EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build());
        GatewayCharges charges = new GatewayCharges(gateway, commands, history);
        GatewayCharges racingCharges = new GatewayCharges(gateway, commands, nothingAnsweredYet);
        GatewayRefunds refunds = new GatewayRefunds(gateway, commands, history);
        GatewayRefunds racingRefunds = new GatewayRefunds(gateway, commands, nothingAnsweredYet);
        Iterator<Boolean> twice = sample.deliveredTwice().iterator();

        List<Step> steps = new ArrayList<>();
        List<Throwable> handlerFailures = new ArrayList<>();
        Deque<PaymentRefundRequestedEvent> refundsToRetry = new ArrayDeque<>();
        int seen = 0;
        for (Object command : sample.commands()) {
            if (!refundsToRetry.isEmpty()) {
                for (int i = refundsToRetry.size(); i > 0; i--) {
                    deliver(refundsToRetry.poll(), refunds, refundsToRetry, handlerFailures);
                }
                List<Object> afterRetry = storedEvents();
                steps.add(new Step("the refund's processor tries again", List.copyOf(afterRetry.subList(seen, afterRetry.size())), null));
                seen = afterRetry.size();
            }
            Throwable[] failure = new Throwable[1];
            fixture.getCommandBus().dispatch(GenericCommandMessage.asCommandMessage(command), (message, result) -> {
                if (result.isExceptional()) {
                    failure[0] = result.exceptionResult();
                }
            });
            List<Object> recorded = storedEvents();
            for (Object event : List.copyOf(recorded.subList(seen, recorded.size()))) {
                boolean deliveredTwice = twice.hasNext() && twice.next();
                if (event instanceof PaymentAttemptRequestedEvent attempt) {
                    deliver(attempt, charges, handlerFailures);
                    if (deliveredTwice) {
                        deliver(attempt, racingCharges, handlerFailures);
                    }
                } else if (event instanceof PaymentRefundRequestedEvent refund) {
                    deliver(refund, refunds, refundsToRetry, handlerFailures);
                    if (deliveredTwice) {
                        deliver(refund, racingRefunds, refundsToRetry, handlerFailures);
                    }
                }
            }
            List<Object> stored = storedEvents();
            steps.add(new Step(command, List.copyOf(stored.subList(seen, stored.size())), failure[0]));
            seen = stored.size();
        }
        return new Run(steps, handlerFailures, gateway);
    }

    private static void deliver(PaymentAttemptRequestedEvent attempt, GatewayCharges charges, List<Throwable> failures) {
        try {
            charges.on(attempt);
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static void deliver(PaymentRefundRequestedEvent refund, GatewayRefunds refunds,
                                Deque<PaymentRefundRequestedEvent> toRetry, List<Throwable> failures) {
        try {
            refunds.on(refund);
        } catch (RuntimeException e) {
            failures.add(e);
            toRetry.add(refund);
        }
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

    /**
     * A provider that answers as the script says (approving once it runs out) and keeps the books.
     * Like a real one it remembers what it did under a key: a charge key it approved or declined, or
     * a refund key it refunded, gets the same answer again and nothing more is done. Being down
     * happens before it acts, so it remembers nothing then.
     */
    private static final class ScriptedGateway implements PaymentGateway {

        private final Iterator<Answer> authorisationScript;
        private final Iterator<Boolean> refundScript;
        private Authorisation answered;
        private boolean refundDone;
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
            if (answered != null) {
                return answered;
            }
            authorisations++;
            Answer next = authorisationScript.hasNext() ? authorisationScript.next() : Answer.APPROVE;
            answered = switch (next) {
                case APPROVE -> {
                    charged = charged.plus(amount);
                    yield Authorisation.approvedWith("AUTH-" + authorisations);
                }
                case DECLINE -> Authorisation.declinedBecause("declined by the script");
                case UNAVAILABLE -> throw new PaymentGatewayUnavailableException("down by the script");
            };
            return answered;
        }

        @Override
        public void refund(IdempotencyKey key, PaymentId paymentId, Money amount) {
            if (!IdempotencyKey.forRefund(paymentId).equals(key)) {
                throw new AssertionError("refund of " + paymentId + " with key " + key + ", not the payment's own");
            }
            if (refundDone) {
                return;
            }
            if (refundScript.hasNext() && !refundScript.next()) {
                throw new PaymentGatewayUnavailableException("down by the script");
            }
            refundDone = true;
            refunded = refunded.plus(amount);
        }
    }
}
