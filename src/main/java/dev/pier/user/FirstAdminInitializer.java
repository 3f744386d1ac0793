package dev.pier.user;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * On first start with an empty database, creates the administrator. Without a configured password a random one is
 * generated and written to the log this one time; it is never stored in clear anywhere. It runs once every bean exists
 * but before the web server opens its port, so no login can arrive before the administrator does.
 */
@Component
class FirstAdminInitializer implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FirstAdminInitializer.class);

    private final UserService users;
    private final AdminBootstrapProperties properties;
    private final SecureRandom random = new SecureRandom();

    FirstAdminInitializer(UserService users, AdminBootstrapProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        run();
    }

    void run() {
        boolean generated =
                properties.password() == null || properties.password().isBlank();
        String password = generated ? randomPassword() : properties.password();
        if (!users.createFirstAdminIfNone(properties.username(), password)) {
            return;
        }
        if (generated) {
            log.warn("""

                    ============================================================
                    Pier created the first administrator.
                      username: {}
                      password: {}
                    This password is shown only now. Log in and keep it safe, or set
                    PIER_ADMIN_PASSWORD before the first start next time.
                    ============================================================""", properties.username(), password);
        } else {
            log.info(
                    "Pier created the first administrator '{}' with the password from PIER_ADMIN_PASSWORD.",
                    properties.username());
        }
    }

    private String randomPassword() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
