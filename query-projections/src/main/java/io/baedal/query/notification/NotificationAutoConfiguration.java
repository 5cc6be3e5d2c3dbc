package io.baedal.query.notification;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The logging sender, unless the application defines another {@link NotificationSender}. */
@AutoConfiguration
public class NotificationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(NotificationSender.class)
    NotificationSender loggingNotificationSender(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new LoggingNotificationSender(jdbc, transactions);
    }
}
