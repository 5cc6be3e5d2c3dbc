package io.baedal.order.web;

import io.baedal.platform.web.RefusalEvents;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A refused order placement is logged as {@code order_refused}: the Saga failures dashboard counts them by code. */
@Component
class OrderRefusals implements RefusalEvents {

    @Override
    public Optional<String> eventFor(String method, String path) {
        return "POST".equals(method) && "/api/orders".equals(path) ? Optional.of("order_refused") : Optional.empty();
    }
}
