package io.baedal.platform.axon;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event upcasters the modules contribute, each listed in its module's
 * {@code META-INF/services/org.axonframework.serialization.upcasting.event.EventUpcaster} (coreapi
 * lists the order events' former names), as one chain. Axon's auto-configuration registers it with
 * the event store it builds, the embedded one of standalone as well as Axon Server's in each
 * service, so that aggregates, sagas and views read old events alike, and the platform names no
 * event of any context.
 */
@Configuration(proxyBeanMethods = false)
public class ContributedUpcasters {

    @Bean
    static EventUpcaster contributedEventUpcasters() {
        return chain();
    }

    /** The contributed upcasters, in the order the class path lists them. */
    public static EventUpcasterChain chain() {
        List<EventUpcaster> upcasters = new ArrayList<>();
        ServiceLoader.load(EventUpcaster.class, ContributedUpcasters.class.getClassLoader()).forEach(upcasters::add);
        return new EventUpcasterChain(upcasters);
    }
}
