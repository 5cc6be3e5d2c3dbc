package io.baedal.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The accounts that may ask for a token: each is an OAuth2 client that signs in with the
 * client-credentials grant, and the token it gets names its role and subject. From configuration,
 * plus (only when {@code baedal.identity.test-accounts} is on) accounts made up from the client id:
 * {@code customer:c-42}, {@code rider:rider-7@mapo+jongno} (its zones), {@code restaurant:r-1+r-2}
 * (the restaurants it runs), {@code admin:ops}, each with the secret {@code test}.
 */
public class DemoAccounts implements RegisteredClientRepository {

    static final Set<String> ROLES = Set.of("customer", "restaurant", "rider", "admin");
    private static final Pattern TEST_ACCOUNT = Pattern.compile(
            "(customer|restaurant|rider|admin):([A-Za-z0-9._+-]{1,64})(?:@([A-Za-z0-9_+-]{1,200}))?");
    private static final String TEST_SECRET = "test";

    /** What a token says about its holder, beyond its subject. */
    public record Grant(String role, String subject, List<String> restaurants, List<String> zones) {
    }

    private final IdentityProperties properties;

    public DemoAccounts(IdentityProperties properties) {
        this.properties = properties;
        properties.accounts().forEach((clientId, account) -> {
            if (!ROLES.contains(account.role())) {
                throw new IllegalStateException("Demo account " + clientId + " has role " + account.role()
                        + "; the roles are " + ROLES);
            }
        });
    }

    /** The grant of a client that may sign in, or empty when there is no such account. */
    public Optional<Grant> grantOf(String clientId) {
        IdentityProperties.Account account = properties.accounts().get(clientId);
        if (account != null) {
            String subject = account.subject() == null ? clientId : account.subject();
            return Optional.of(new Grant(account.role(), subject, account.restaurants(), account.zones()));
        }
        if (!properties.testAccounts() || clientId == null) {
            return Optional.empty();
        }
        Matcher test = TEST_ACCOUNT.matcher(clientId);
        if (!test.matches()) {
            return Optional.empty();
        }
        String role = test.group(1);
        List<String> zones = test.group(3) == null ? List.of() : List.of(test.group(3).split("\\+"));
        return switch (role) {
            case "restaurant" -> Optional.of(new Grant(role, test.group(2), List.of(test.group(2).split("\\+")), List.of()));
            case "rider" -> Optional.of(new Grant(role, test.group(2), List.of(), zones));
            default -> Optional.of(new Grant(role, test.group(2), List.of(), List.of()));
        };
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return grantOf(clientId).map(grant -> client(clientId, secretOf(clientId))).orElse(null);
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    /** The issuer saves a client to re-encode its secret after a sign-in; these come from configuration as they are. */
    @Override
    public void save(RegisteredClient registeredClient) {
    }

    private String secretOf(String clientId) {
        IdentityProperties.Account account = properties.accounts().get(clientId);
        return account != null ? account.secret() : TEST_SECRET;
    }

    private RegisteredClient client(String clientId, String secret) {
        return RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientSecret("{noop}" + secret)
                .clientAuthenticationMethods(methods -> methods.addAll(Set.of(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST)))
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenLifetime()).build())
                .build();
    }

    /** For the log line at start-up: how many accounts of each role, never their secrets. */
    Map<String, Long> countByRole() {
        return properties.accounts().values().stream()
                .collect(Collectors.groupingBy(IdentityProperties.Account::role,
                        Collectors.counting()));
    }
}
