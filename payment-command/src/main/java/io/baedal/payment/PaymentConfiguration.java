package io.baedal.payment;

import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayProperties;
import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import io.baedal.platform.faults.Faults;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires the payment gateway port (the simulated provider, with the payment fault switches, behind
 * a time limit and a circuit breaker) and the processors that call it ({@link GatewayCharges},
 * {@link GatewayRefunds}; their settings are in {@code META-INF/baedal/defaults/payment-command.yml}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SimulatedPaymentGatewayProperties.class, PaymentGatewayProperties.class})
class PaymentConfiguration {

    /** The provider itself; a bean of its own so that a test can count what it charged and refunded. */
    @Bean
    SimulatedPaymentGateway paymentProvider(SimulatedPaymentGatewayProperties simulated, Faults faults) {
        return new SimulatedPaymentGateway(simulated, () -> faults.current().payment());
    }

    /** What the gateway-calling processors call (the primary {@link PaymentGateway}). */
    @Bean
    @Primary
    ResilientPaymentGateway paymentGateway(SimulatedPaymentGateway provider, PaymentGatewayProperties properties) {
        return new ResilientPaymentGateway(provider, properties);
    }

    @Bean
    GatewayCharges gatewayCharges(PaymentGateway paymentGateway, CommandGateway commands, EventStore events) {
        return new GatewayCharges(paymentGateway, commands, new PaymentHistory(events));
    }

    @Bean
    GatewayRefunds gatewayRefunds(PaymentGateway paymentGateway, CommandGateway commands, EventStore events) {
        return new GatewayRefunds(paymentGateway, commands, new PaymentHistory(events));
    }

    /** Tokens of the gateway-calling processors, created before they start ({@link GatewayCallsStart}). */
    @Bean
    ConfigurerModule gatewayCallsStart(
            @Value("${baedal.payment.gateway-calls.look-back:10m}") Duration lookBack,
            @Value("${axon.eventhandling.processors." + GatewayCharges.PROCESSING_GROUP + ".initial-segment-count:1}")
            int chargeSegments,
            @Value("${axon.eventhandling.processors." + GatewayRefunds.PROCESSING_GROUP + ".initial-segment-count:1}")
            int refundSegments) {
        Map<String, Integer> segments = Map.of(GatewayCharges.PROCESSING_GROUP, chargeSegments,
                GatewayRefunds.PROCESSING_GROUP, refundSegments);
        return configurer -> configurer.onInitialize(axon -> axon.onStart(Phase.INBOUND_COMMAND_CONNECTOR - 1,
                () -> GatewayCallsStart.createMissingTokens(axon, segments, lookBack, Clock.systemUTC())));
    }
}
