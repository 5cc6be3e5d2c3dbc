package io.baedal.platform.web.security;

import io.baedal.coreapi.error.ErrorCode;
import io.baedal.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's API is an OAuth2 resource server: a request carries a JWT bearer token (from the
 * demo issuer in standalone, from any OpenID Connect provider in production) whose {@code roles}
 * claim decides which paths it may call ({@link AccessRules}, one bean per context) and whose
 * subject, restaurants and zones the handlers check ({@link Caller}). Health, the Prometheus scrape,
 * the OpenAPI document, the web pages and the catalogue need no token. A missing or invalid token is
 * a 401 {@code UNAUTHENTICATED}, a role that may not call the path a 403 {@code FORBIDDEN}, both
 * problem+json like every other refusal.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectProvider<AccessRules> contexts) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                            // Scraped from the monitoring network: keep the management port off the public one.
                            "/actuator/prometheus",
                            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                            "/", "/app", "/app/**", "/webjars/**", "/favicon.ico", "/error").permitAll();
            contexts.orderedStream().forEach(rules -> rules.apply(requests));
            requests.requestMatchers("/actuator/**").hasRole(Caller.ADMIN);
            requests.anyRequest().authenticated();
        });
        AccessDeniedHandler forbidden = (request, response, denied) -> refuse(request, response, ErrorCode.FORBIDDEN,
                "Your role may not " + request.getMethod() + " " + request.getRequestURI());
        http.oauth2ResourceServer(server -> server
                .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                // A token that is there but invalid: the reason (expired, bad signature, wrong audience).
                .authenticationEntryPoint((request, response, failure) ->
                        refuse(request, response, ErrorCode.UNAUTHENTICATED, failure.getMessage()))
                .accessDeniedHandler(forbidden));
        http.exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint((request, response, failure) ->
                        refuse(request, response, ErrorCode.UNAUTHENTICATED, "This request needs a bearer token"))
                .accessDeniedHandler(forbidden));
        // Bearer tokens, no cookies: no session to keep and no cross-site request to forge.
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.csrf(csrf -> csrf.disable());
        http.requestCache(cache -> cache.disable());
        return http.build();
    }

    /** Every token decoder of the service, remembering the tokens it verified ({@link RememberedTokens}). */
    @Bean
    static BeanPostProcessor rememberVerifiedTokens() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof RememberedTokens)
                        ? new RememberedTokens(decoder) : bean;
            }
        };
    }

    /** The token's {@code roles} claim as Spring roles ({@code customer} → {@code ROLE_customer}). */
    static JwtAuthenticationConverter rolesFromClaim() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        log.info("Refused {} {}: {} ({})", request.getMethod(), request.getRequestURI(), code, detail);
        ProblemDetail problem = Problems.problem(code, detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        body.put("code", code.name());
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

}
