package io.baedal.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title and its bearer scheme: every operation takes a JWT bearer token
 * (the catalogue's reads accept none), as the security chain enforces.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI baedalApi(@Value("${spring.application.name:baedal}") String application) {
        return new OpenAPI()
                .info(new Info().title("Baedal REST API (" + application + ")").version("v1")
                        .description("Food delivery on event sourcing and CQRS. Get a token with the OAuth2 "
                                + "client-credentials grant at POST /oauth2/token (standalone: demo accounts, "
                                + "secret 'demo') and send it as 'Authorization: Bearer <token>'. No token: 401 "
                                + "UNAUTHENTICATED; a role that may not call the path: 403 FORBIDDEN; another "
                                + "customer's order: 404."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("A JWT whose 'roles' claim is customer, restaurant, rider or admin")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
