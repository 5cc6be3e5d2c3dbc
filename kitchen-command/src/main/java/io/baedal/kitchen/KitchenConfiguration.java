package io.baedal.kitchen;

import io.baedal.kitchen.catalogue.CatalogueProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Configuration of the kitchen context. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogueProperties.class)
class KitchenConfiguration {
}
