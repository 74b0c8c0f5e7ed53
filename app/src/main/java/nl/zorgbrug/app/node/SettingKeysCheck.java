package nl.zorgbrug.app.node;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the node with a {@code zorgbrug.*} key it does not know ({@link SettingKeys}), before any bean
 * is made, so nothing (no DICOM listener) runs with a misspelled setting. The known keys are those of every
 * settings record the node binds under {@code zorgbrug}, found among its bean definitions, so a new record needs
 * no change here.
 */
public final class SettingKeysCheck implements BeanFactoryPostProcessor, EnvironmentAware {
    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        SettingKeys keys = new SettingKeys();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            Class<?> type = definition.getResolvableType().resolve();
            ConfigurationProperties settings = type == null ? null
                    : AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
            String prefix = settings == null ? "" : settings.prefix().isEmpty() ? settings.value() : settings.prefix();
            if (prefix.equals("zorgbrug") || prefix.startsWith("zorgbrug.")) {
                keys.add(prefix, type);
            }
        }
        keys.check(environment);
    }
}
