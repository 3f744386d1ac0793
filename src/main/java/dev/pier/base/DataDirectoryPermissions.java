package dev.pier.base;

import java.nio.file.Path;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory is made owner-only before anything writes to it (a bean factory post-processor runs before the
 * database opens its files), and everything in it once the application is up. Whatever is created later inside is out
 * of other users' reach through the directory's own mode.
 */
@Component
class DataDirectoryPermissions
        implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ApplicationReadyEvent> {

    private Path dataDir = Path.of("./data");

    @Override
    public void setEnvironment(Environment environment) {
        dataDir = Path.of(environment.getProperty("pier.data-dir", "./data"))
                .toAbsolutePath()
                .normalize();
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        OwnerOnlyFiles.directory(dataDir);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        OwnerOnlyFiles.restrict(dataDir);
    }
}
