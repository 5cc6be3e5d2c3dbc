package io.baedal.delivery.web;

import io.baedal.platform.web.security.AccessRules;
import io.baedal.platform.web.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Riders claim, pick up and deliver, always as themselves. */
@Component
class DeliveryAccess implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.POST, "/api/deliveries/*/*").hasRole(Caller.RIDER);
    }
}
