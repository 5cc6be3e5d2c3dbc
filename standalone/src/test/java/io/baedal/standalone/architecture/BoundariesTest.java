package io.baedal.standalone.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module boundaries, checked on the compiled main classes of every context: a context knows
 * only the shared messages ({@code coreapi}) and the platform; the platform knows no context (only
 * the error codes of {@code coreapi}); aggregates stay inside their context; our web types are used
 * only by web types.
 */
class BoundariesTest {

    private static final List<String> CONTEXTS = List.of("order", "payment", "kitchen", "delivery", "saga", "query");
    private static final JavaClasses BAEDAL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.baedal");

    static Stream<String> contexts() {
        return CONTEXTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void aContextUsesOnlyItselfTheSharedMessagesAndThePlatform(String context) {
        noClasses().that().resideInAPackage("io.baedal." + context + "..")
                .should().dependOnClassesThat(resideInAPackage("io.baedal..")
                        .and(not(resideInAnyPackage("io.baedal." + context + "..", "io.baedal.coreapi..",
                                "io.baedal.platform.."))))
                .check(BAEDAL);
    }

    @Test
    void thePlatformKnowsNoContextOnlyTheErrorCodes() {
        noClasses().that().resideInAPackage("io.baedal.platform..")
                .should().dependOnClassesThat(resideInAPackage("io.baedal..")
                        .and(not(resideInAnyPackage("io.baedal.platform..", "io.baedal.coreapi.error.."))))
                .check(BAEDAL);
    }

    @Test
    void aggregatesAreNotPublic() {
        classes().that().areAnnotatedWith("org.axonframework.spring.stereotype.Aggregate")
                .should().notBePublic()
                .allowEmptyShould(false)
                .check(BAEDAL);
    }

    /** Wiring may name them (the platform's auto-configuration imports the problem advice). */
    @Test
    void ourWebTypesAreUsedOnlyByWebTypes() {
        noClasses().that().resideOutsideOfPackage("..web..")
                .and().areNotAnnotatedWith("org.springframework.boot.autoconfigure.AutoConfiguration")
                .should().dependOnClassesThat().resideInAPackage("io.baedal..web..")
                .check(BAEDAL);
    }
}
