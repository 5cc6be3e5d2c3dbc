package io.baedal.standalone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL that standalone mode starts when no {@code spring.datasource.url} is set.
 *
 * @param dataDir           where its data lives; kept across restarts
 * @param port              0 picks a free port
 * @param synchronousCommit {@code on} so that a committed order survives a crash; tests may turn it off
 * @param maximumPoolSize   connections to it; each event processor thread holds one per batch, and a
 *                          saga's command needs a second one
 */
@ConfigurationProperties("baedal.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") Path dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("on") String synchronousCommit,
        @DefaultValue("50") int maximumPoolSize) {
}
