package io.baedal.order.web;

import io.baedal.platform.web.security.AccessRules;
import io.baedal.platform.web.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Customers place and cancel orders; which orders are theirs the handlers check. */
@Component
class OrderAccess implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel").hasRole(Caller.CUSTOMER);
    }
}
