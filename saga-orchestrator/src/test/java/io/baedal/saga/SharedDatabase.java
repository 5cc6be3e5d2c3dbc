package io.baedal.saga;

import com.zaxxer.hikari.HikariDataSource;
import io.baedal.platform.persistence.ByteaPostgreSQLDialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.util.Map;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.jpa.SimpleEntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.springframework.boot.hibernate.SpringImplicitNamingStrategy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/**
 * One embedded PostgreSQL with Baedal's migrations, and JPA over it the way Spring Boot sets it
 * up for Axon (Axon's entities, the mapping validated against the schema, Spring's JPA
 * transactions). Every instance of the saga in a test works on it, each in transactions of its own.
 */
final class SharedDatabase implements AutoCloseable {

    final HikariDataSource dataSource;
    final EntityManagerProvider entityManagers;
    final TransactionManager transactions;
    final JdbcTemplate jdbc;
    private final EmbeddedPostgres postgres;
    private final EntityManagerFactory entityManagerFactory;

    private SharedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(10);
        Flyway.configure().dataSource(dataSource).outOfOrder(true).load().migrate();

        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(dataSource);
        factory.setPackagesToScan("org.axonframework.eventsourcing.eventstore.jpa",
                "org.axonframework.eventhandling.tokenstore.jpa", "org.axonframework.modelling.saga.repository.jpa");
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setJpaPropertyMap(Map.of(
                "hibernate.dialect", ByteaPostgreSQLDialect.class.getName(),
                "hibernate.hbm2ddl.auto", "validate",
                "hibernate.physical_naming_strategy", CamelCaseToUnderscoresNamingStrategy.class.getName(),
                "hibernate.implicit_naming_strategy", SpringImplicitNamingStrategy.class.getName()));
        factory.afterPropertiesSet();
        entityManagerFactory = factory.getObject();

        JpaTransactionManager jpaTransactions = new JpaTransactionManager(entityManagerFactory);
        jpaTransactions.afterPropertiesSet();
        transactions = new SpringTransactionManager(jpaTransactions);
        entityManagers = new SimpleEntityManagerProvider(
                SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory));
        jdbc = new JdbcTemplate(dataSource);
    }

    static SharedDatabase start() throws IOException {
        return new SharedDatabase(EmbeddedPostgres.builder().start());
    }

    /** Forgets every saga, event, token and deadline, for the next test. */
    void clear() {
        jdbc.execute("TRUNCATE saga_entry, association_value_entry, token_entry, domain_event_entry, scheduled_tasks");
    }

    int scheduledDeadlines() {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks", Integer.class);
        return count == null ? 0 : count;
    }

    /** Whether a session is waiting for a lock on a row of {@code saga_entry} that another transaction holds. */
    boolean aSessionWaitsToLockASaga() {
        Integer waiting = jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query ILIKE '%saga_entry%' AND pid <> pg_backend_pid()""",
                Integer.class);
        return waiting != null && waiting > 0;
    }

    /** The one saga stored, as its JSON. */
    String storedSaga() {
        return jdbc.queryForObject("SELECT convert_from(serialized_saga, 'UTF8') FROM saga_entry", String.class);
    }

    @Override
    public void close() throws IOException {
        entityManagerFactory.close();
        dataSource.close();
        postgres.close();
    }
}
