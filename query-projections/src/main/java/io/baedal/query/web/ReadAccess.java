package io.baedal.query.web;

import io.baedal.platform.web.security.AccessRules;
import io.baedal.platform.web.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Customers read their orders and notifications, restaurants their kitchen queues, riders the
 * board of their zones (whose they are the controllers check); only admins replay views.
 */
@Component
class ReadAccess implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/orders/*", "/api/orders/*/stream",
                        "/api/customers/*/orders", "/api/customers/*/notifications").hasRole(Caller.CUSTOMER)
                .requestMatchers(HttpMethod.GET, "/api/restaurants/*/tickets").hasRole(Caller.RESTAURANT)
                .requestMatchers(HttpMethod.GET, "/api/deliveries").hasRole(Caller.RIDER)
                .requestMatchers("/api/admin/**").hasRole(Caller.ADMIN);
    }
}
