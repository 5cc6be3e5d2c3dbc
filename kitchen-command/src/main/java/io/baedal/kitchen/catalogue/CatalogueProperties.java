package io.baedal.kitchen.catalogue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/** {@code baedal.kitchen.catalogue}: where the restaurant catalogue is read from. */
@ConfigurationProperties("baedal.kitchen")
public record CatalogueProperties(@DefaultValue("classpath:catalogue/restaurants.json") Resource catalogue) {
}
