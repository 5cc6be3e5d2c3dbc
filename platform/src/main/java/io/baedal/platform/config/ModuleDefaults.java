package io.baedal.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Settings that correctness depends on, shipped by the module they belong to: each module's
 * {@code META-INF/baedal/defaults/<module>.yml} (the serializers and the JPA mapping in
 * {@code platform}, a view's processor and sequencing policy in {@code query-projections}, the
 * saga's processor in {@code saga-orchestrator}). Whatever deploys a module, {@code standalone} or
 * a service of its own, gets them alike, without copying them into its {@code application.yml}.
 * They come last, so that any deployment's own configuration (or the environment) still wins.
 */
public class ModuleDefaults implements EnvironmentPostProcessor, Ordered {

    static final String LOCATION = "classpath*:META-INF/baedal/defaults/*.yml";
    static final String SOURCE_PREFIX = "baedal-defaults:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
        try {
            Resource[] files = new PathMatchingResourcePatternResolver(application.getClassLoader()).getResources(LOCATION);
            // One order whatever the classpath's: the modules' files must not set the same key anyway.
            Arrays.sort(files, Comparator.comparing(Resource::getFilename));
            for (Resource file : files) {
                for (PropertySource<?> source : yaml.load(SOURCE_PREFIX + file.getFilename(), file)) {
                    environment.getPropertySources().addLast(source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the modules' defaults (" + LOCATION + ")", e);
        }
    }

    /** After Boot's config data (application.yml), so that "last" means below it. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
