package io.baedal.platform.web;

import io.baedal.coreapi.error.ErrorCode;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document: its title, its bearer scheme (every operation takes a JWT bearer token
 * unless it says {@code @SecurityRequirements()}, as the catalogue's reads do), and each
 * operation's problem+json answers: those it declares with {@link Refusals}, plus those every
 * operation of its kind can give. Tags and summaries are the controllers' own.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI baedalApi(@Value("${spring.application.name:baedal}") String application) {
        return new OpenAPI()
                .info(new Info().title("Baedal REST API (" + application + ")").version("v1")
                        .description("Food delivery on event sourcing and CQRS. Get a token with the OAuth2 "
                                + "client-credentials grant at POST /oauth2/token (standalone: demo accounts, "
                                + "secret 'demo') and send it as 'Authorization: Bearer <token>'. No token: 401 "
                                + "UNAUTHENTICATED; a role that may not call the path: 403 FORBIDDEN; another "
                                + "customer's order: 404. Every refusal is application/problem+json (RFC 9457) "
                                + "with our error code in 'code'."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                                .description("A JWT whose 'roles' claim is customer, restaurant, rider or admin"))
                        .addSchemas(PROBLEM_SCHEMA, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            refusalsOf(handler).stream()
                    .collect(Collectors.groupingBy(ErrorStatuses::of, TreeMap::new, Collectors.toList()))
                    .forEach((status, codes) -> addProblems(operation, status, codes));
            return operation;
        };
    }

    /** What the operation declares, what its request body can be refused for, and sign-in's refusals. */
    private static List<ErrorCode> refusalsOf(HandlerMethod handler) {
        Refusals declared = handler.getMethodAnnotation(Refusals.class);
        boolean hasBody = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
        SecurityRequirements security = handler.getMethodAnnotation(SecurityRequirements.class);
        boolean open = security != null && security.value().length == 0;
        return Stream.of(
                        hasBody ? Stream.of(ErrorCode.MALFORMED_REQUEST, ErrorCode.VALIDATION_FAILED) : Stream.<ErrorCode>empty(),
                        declared == null ? Stream.<ErrorCode>empty() : Arrays.stream(declared.value()),
                        open ? Stream.<ErrorCode>empty() : Stream.of(ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN))
                .flatMap(codes -> codes)
                .distinct()
                .toList();
    }

    private static void addProblems(Operation operation, HttpStatus status, List<ErrorCode> codes) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        String key = Integer.toString(status.value());
        if (operation.getResponses().containsKey(key)) {
            return;
        }
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        for (ErrorCode code : codes) {
            problem.addExamples(code.name(), new Example().summary(code.title()).value(example(code)));
        }
        operation.getResponses().addApiResponse(key, new ApiResponse()
                .description(codes.stream().map(ErrorCode::name).collect(Collectors.joining(", ")))
                .content(new Content().addMediaType(PROBLEM_JSON, problem)));
    }

    /** The body a client gets for this code, as {@link Problems} writes it. */
    private static Map<String, Object> example(ErrorCode code) {
        ProblemDetail problem = Problems.problem(code, code.title());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("code", code.name());
        return body;
    }

    private static Schema<Object> problemSchema() {
        Schema<Object> schema = new ObjectSchema()
                .description("RFC 9457 problem details with our error code")
                .addProperty("type", new StringSchema().example("urn:baedal:problem:unknown-menu-item"))
                .addProperty("title", new StringSchema().example("Unknown menu item"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("code", new StringSchema().example("UNKNOWN_MENU_ITEM"));
        schema.setRequired(List.of("type", "title", "status", "detail", "code"));
        return schema;
    }
}
