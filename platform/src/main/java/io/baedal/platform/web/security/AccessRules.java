package io.baedal.platform.web.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * The roles that may call a context's paths: each context contributes its own, and the API's
 * security chain applies them after the public paths and before "everything else needs a token".
 * Rules for paths in different contexts must not overlap (the first matching rule decides).
 * Roles are the token's {@code roles} claim, e.g. {@code hasRole(Caller.CUSTOMER)}.
 */
@FunctionalInterface
public interface AccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
