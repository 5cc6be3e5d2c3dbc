package io.baedal.platform;

import io.baedal.platform.axon.AxonPlatformConfiguration;
import io.baedal.platform.web.ProblemDetailsAdvice;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/** What every Baedal service gets by having this module on its classpath. */
@AutoConfiguration
@Import({AxonPlatformConfiguration.class, ProblemDetailsAdvice.class})
public class PlatformAutoConfiguration {
}
