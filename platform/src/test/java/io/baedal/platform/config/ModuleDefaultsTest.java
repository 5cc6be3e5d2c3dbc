package io.baedal.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

class ModuleDefaultsTest {

    private final StandardEnvironment environment = new StandardEnvironment();

    private void apply() {
        new ModuleDefaults().postProcessEnvironment(environment, new SpringApplication(ModuleDefaultsTest.class));
    }

    @Test
    void everyModulesDefaultsAreRead() {
        apply();

        assertThat(environment.getProperty("axon.serializer.events")).isEqualTo("jackson3");
        assertThat(environment.getProperty("spring.jpa.properties.hibernate.dialect"))
                .isEqualTo("io.baedal.platform.persistence.ByteaPostgreSQLDialect");
        assertThat(environment.getProperty("baedal.test.module-default")).isEqualTo("from-the-module");
    }

    @Test
    void aDeploymentsOwnConfigurationWins() {
        environment.getPropertySources().addFirst(new MapPropertySource("application.yml",
                Map.of("axon.serializer.events", "avro", "baedal.test.overridden", "by-the-deployment")));

        apply();

        assertThat(environment.getProperty("axon.serializer.events")).isEqualTo("avro");
        assertThat(environment.getProperty("baedal.test.overridden")).isEqualTo("by-the-deployment");
        assertThat(environment.getProperty("axon.serializer.general")).isEqualTo("jackson3");
    }

    @Test
    void theDefaultsComeLastInFileNameOrder() {
        apply();

        var names = environment.getPropertySources().stream().map(PropertySource::getName).toList();
        assertThat(names.subList(names.size() - 2, names.size()))
                .containsExactly(ModuleDefaults.SOURCE_PREFIX + "platform.yml", ModuleDefaults.SOURCE_PREFIX + "zz-test-module.yml");
    }
}
