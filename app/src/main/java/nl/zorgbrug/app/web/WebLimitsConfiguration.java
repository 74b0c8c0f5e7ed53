package nl.zorgbrug.app.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The body limit as the first filter of every request, before Spring Security's. */
@Configuration
public class WebLimitsConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(HttpProperties limits) {
        FilterRegistrationBean<BodySizeLimit> registration = new FilterRegistrationBean<>(new BodySizeLimit(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
