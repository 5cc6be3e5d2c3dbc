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
import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayUnavailableException;
import io.baedal.platform.axon.CommandErrorInterceptor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * Properties of a payment under random command sequences (a first attempt with random amount and
 * token, then retries and refunds in any order) against a gateway that approves, declines or is down
 * as the property dictates. The gateway keeps the books, so "money in equals money out" is checked
 * against what the provider saw, not only against the events.
 */
class PaymentInvariantsTest {

    private static final PaymentId PAYMENT = new PaymentId("p-1");
    private static final OrderId ORDER = new OrderId("o-1");

    enum Answer { APPROVE, DECLINE, UNAVAILABLE }

    @Property(tries = 400)
    void moneyIsChargedAtMostOnceAndRefundedAtMostOnceAndOnlyIfCharged(
            @ForAll("paymentCommands") List<Object> commands,
            @ForAll @Size(max = 20) List<Answer> authorisations,
            @ForAll @Size(max = 20) List<Boolean> refundsGoThrough) {
        ScriptedGateway gateway = new ScriptedGateway(authorisations, refundsGoThrough);
        List<Step> steps = play(commands, gateway);
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
        Statistics.collect(approvals > 0 ? (refunds > 0 ? "refunded" : "approved")
                : declines > 0 ? "declined" : events.isEmpty() ? "never requested" : "pending");
        Statistics.coverage(coverage -> {
            // The generators must keep reaching refunds and declines, or the checks above prove little.
            coverage.check("refunded").count(n -> n > 0);
            coverage.check("declined").count(n -> n > 0);
        });
    }

    @Property(tries = 400)
    void theGatewayIsAskedOnlyWhileThePaymentIsPendingAndAttemptsCountUp(
            @ForAll("paymentCommands") List<Object> commands,
            @ForAll @Size(max = 20) List<Answer> authorisations,
            @ForAll @Size(max = 20) List<Boolean> refundsGoThrough) {
        ScriptedGateway gateway = new ScriptedGateway(authorisations, refundsGoThrough);
        List<Step> steps = play(commands, gateway);

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

    @Property(tries = 400)
    void everyRefusalIsADomainErrorWithACodeOrTheGatewayBeingDown(
            @ForAll("paymentCommands") List<Object> commands,
            @ForAll @Size(max = 20) List<Answer> authorisations,
            @ForAll @Size(max = 20) List<Boolean> refundsGoThrough) {
        for (Step step : play(commands, new ScriptedGateway(authorisations, refundsGoThrough))) {
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
     * One fixture for all tries of a property: building one costs more than playing a sequence. Each
     * sequence starts from no events at all and gets a gateway of its own behind {@link #gateway}.
     */
    private final AggregateTestFixture<Payment> fixture = new AggregateTestFixture<>(Payment.class);
    private final SwitchableGateway gateway = new SwitchableGateway();

    PaymentInvariantsTest() {
        fixture.registerInjectableResource(gateway).registerCommandHandlerInterceptor(new CommandErrorInterceptor());
    }

    // --- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Object>> paymentCommands() {
        Arbitrary<Money> amount = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.bigDecimals().between(BigDecimal.ONE, new BigDecimal("1000000"))
                        .ofScale(0)),
                Tuple.of(1, Arbitraries.of(BigDecimal.ZERO, new BigDecimal("-500"))))
                .map(value -> new Money(value, "KRW"));
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just("tok-visa")),
                Tuple.of(1, Arbitraries.of("", " ")));
        Arbitrary<Object> first = Combinators.combine(amount, token)
                .as((money, paymentToken) -> new ProcessPaymentCommand(PAYMENT, ORDER, money, paymentToken));
        Arbitrary<Object> later = Arbitraries.oneOf(
                Arbitraries.just(new RetryPaymentCommand(PAYMENT)),
                Arbitraries.of("CUSTOMER_CANCELLED", "RESTAURANT_REJECTED")
                        .map(reason -> new RefundPaymentCommand(PAYMENT, reason)));
        return Combinators.combine(first, later.list().ofMaxSize(12)).as((place, more) -> {
            List<Object> all = new ArrayList<>();
            all.add(place);
            all.addAll(more);
            return all;
        });
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
        Money total = Money.zero("KRW");
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
        public Authorisation authorise(PaymentId paymentId, Money amount, String paymentToken) {
            return delegate.authorise(paymentId, amount, paymentToken);
        }

        @Override
        public void refund(PaymentId paymentId, Money amount) {
            delegate.refund(paymentId, amount);
        }
    }

    /** A provider that answers as the property says (approving once the script runs out) and keeps the books. */
    private static final class ScriptedGateway implements PaymentGateway {

        private final Iterator<Answer> authorisationScript;
        private final Iterator<Boolean> refundScript;
        Money charged = Money.zero("KRW");
        Money refunded = Money.zero("KRW");
        int authorisations;

        ScriptedGateway(List<Answer> authorisations, List<Boolean> refundsGoThrough) {
            this.authorisationScript = authorisations.iterator();
            this.refundScript = refundsGoThrough.iterator();
        }

        @Override
        public Authorisation authorise(PaymentId paymentId, Money amount, String paymentToken) {
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
        public void refund(PaymentId paymentId, Money amount) {
            if (refundScript.hasNext() && !refundScript.next()) {
                throw new PaymentGatewayUnavailableException("down by the script");
            }
            refunded = refunded.plus(amount);
        }
    }
}
