package io.baedal.payment;

import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayProperties;
import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import io.baedal.platform.faults.Faults;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires the payment gateway port: the simulated provider (with the payment fault switches) behind a
 * time limit and a circuit breaker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SimulatedPaymentGatewayProperties.class, PaymentGatewayProperties.class})
class PaymentConfiguration {

    /** The provider itself; a bean of its own so that a test can count what it charged and refunded. */
    @Bean
    SimulatedPaymentGateway paymentProvider(SimulatedPaymentGatewayProperties simulated, Faults faults) {
        return new SimulatedPaymentGateway(simulated, () -> faults.current().payment());
    }

    /** What the Payment aggregate calls (the primary {@link PaymentGateway}). */
    @Bean
    @Primary
    ResilientPaymentGateway paymentGateway(SimulatedPaymentGateway provider, PaymentGatewayProperties properties) {
        return new ResilientPaymentGateway(provider, properties);
    }
}
