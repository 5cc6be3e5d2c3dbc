package io.baedal.platform.faults;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fault switches of every service: held here, set everywhere, and acted on by command handling. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FaultSwitches.class)
public class FaultConfiguration {

    @Bean
    Faults faults(FaultSwitches configured, ApplicationEventPublisher events) {
        return new Faults(configured, events);
    }

    @Bean
    FaultBroadcast faultBroadcast(Faults faults, QueryGateway queries) {
        return new FaultBroadcast(faults, queries);
    }

    @Bean
    CommandDelayInterceptor commandDelayInterceptor(Faults faults) {
        return new CommandDelayInterceptor(faults);
    }
}
