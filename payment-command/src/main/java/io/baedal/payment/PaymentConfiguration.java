package io.baedal.payment;

import io.baedal.payment.gateway.PaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGateway;
import io.baedal.payment.gateway.SimulatedPaymentGatewayProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payment gateway port: the simulated adapter unless a real one is defined. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SimulatedPaymentGatewayProperties.class)
class PaymentConfiguration {

    @Bean
    @ConditionalOnMissingBean(PaymentGateway.class)
    PaymentGateway simulatedPaymentGateway(SimulatedPaymentGatewayProperties properties) {
        return new SimulatedPaymentGateway(properties);
    }
}
