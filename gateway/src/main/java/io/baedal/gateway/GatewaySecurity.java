package io.baedal.gateway;

import io.baedal.coreapi.error.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * The gateway turns away an {@code /api} request without a valid bearer token (signature, expiry,
 * audience, against the issuer's key set) before it reaches a service: a 401 {@code UNAUTHENTICATED}
 * problem, as the services answer. Which role may call what each service decides itself, from the
 * same token, which the gateway passes on untouched. The catalogue, the issuer's endpoints, health
 * and metrics need no token.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    SecurityWebFilterChain gatewayChain(ServerHttpSecurity http, GatewayProblems problems) {
        http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/api/restaurants", "/api/restaurants/*").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(server -> server
                        .jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((exchange, failure) ->
                                problems.respond(exchange, ErrorCode.UNAUTHENTICATED, failure.getMessage())))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((exchange, failure) ->
                        problems.respond(exchange, ErrorCode.UNAUTHENTICATED, "This request needs a bearer token")))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable);
        return http.build();
    }
}
