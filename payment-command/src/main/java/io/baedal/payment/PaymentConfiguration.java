package io.baedal.payment;

import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.PaymentGatewayProperties;
import io.baedal.payment.gateway.ResilientPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payment gateway port: the simulated provider behind a time limit and a circuit breaker. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SimulatedPaymentGatewayProperties.class, PaymentGatewayProperties.class})
class PaymentConfiguration {

    @Bean
    ResilientPaymentGateway paymentGateway(SimulatedPaymentGatewayProperties simulated, PaymentGatewayProperties properties) {
        PaymentGateway provider = new SimulatedPaymentGateway(simulated);
        return new ResilientPaymentGateway(provider, properties);
    }
}
