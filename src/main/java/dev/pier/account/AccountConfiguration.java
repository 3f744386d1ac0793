package dev.pier.account;

import dev.pier.base.PierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AccountConfiguration.class);

    @Bean
    MasterKey masterKey(AccountProperties accounts, PierProperties pier) {
        MasterKey key = MasterKey.load(accounts.masterKey(), pier.dataDir().resolve("master.key"));
        log.info("Private keys are encrypted with master key {}", key.fingerprint());
        return key;
    }

    /** Fails start-up, with the reason and the fix, when the stored keys cannot be decrypted. */
    @Bean
    ApplicationRunner accountKeysReadable(AccountService accounts) {
        return args -> log.info("{} account signing keys are readable", accounts.verifyKeysReadable());
    }
}
