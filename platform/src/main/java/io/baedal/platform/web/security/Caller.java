package io.baedal.platform.web.security;

import io.baedal.coreapi.error.DomainException;
import io.baedal.coreapi.error.ErrorCode;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who sent the request being handled, as its bearer token says: the subject (a customerId or
 * riderId), the roles, the restaurants a restaurant account runs and the zones a rider rides in.
 */
public record Caller(String subject, Set<String> roles, Set<String> restaurants, Set<String> zones) {

    public static final String CUSTOMER = "customer";
    public static final String RESTAURANT = "restaurant";
    public static final String RIDER = "rider";
    public static final String ADMIN = "admin";

    /** The caller of the current request; the path rules let no unauthenticated request get here. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return of(token.getToken());
        }
        throw new DomainException(ErrorCode.UNAUTHENTICATED, "This request needs a bearer token");
    }

    static Caller of(Jwt jwt) {
        return new Caller(jwt.getSubject(), strings(jwt.getClaimAsStringList("roles")),
                strings(jwt.getClaimAsStringList("restaurants")), strings(jwt.getClaimAsStringList("zones")));
    }

    public boolean is(String role) {
        return roles.contains(role);
    }

    /** A customer acting for this customerId, or a rider for this riderId. */
    public boolean isSubject(String id) {
        return subject != null && subject.equals(id);
    }

    public boolean runs(String restaurantId) {
        return restaurants.contains(restaurantId);
    }

    public boolean ridesIn(String zone) {
        return zones.contains(zone);
    }

    private static Set<String> strings(Collection<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    /** An id the body names that must be the caller's own when given: the caller's when left out. */
    public String ownId(String named, String field) {
        if (named == null || named.isBlank()) {
            return subject;
        }
        if (!isSubject(named)) {
            throw new DomainException(ErrorCode.FORBIDDEN, field + " " + named + " is not the signed-in "
                    + String.join("/", List.copyOf(roles)) + " " + subject);
        }
        return named;
    }
}
