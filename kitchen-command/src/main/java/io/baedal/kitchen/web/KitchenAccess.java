package io.baedal.kitchen.web;

import io.baedal.platform.web.security.AccessRules;
import io.baedal.platform.web.security.Caller;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The catalogue is public; restaurants work tickets (their own: the ticket checks). */
@Component
class KitchenAccess implements AccessRules {

    @Override
    public void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests) {
        requests.requestMatchers(HttpMethod.GET, "/api/restaurants", "/api/restaurants/*").permitAll()
                .requestMatchers("/api/tickets/**").hasRole(Caller.RESTAURANT);
    }
}
