package dev.pier.credentials.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.annotation.UIScope;
import dev.pier.account.ui.ActiveAccount;
import dev.pier.credentials.ProviderCredentials;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Gives each browser tab its credential state, pushed to the tab and following its active account. */
@Configuration(proxyBeanMethods = false)
class CredentialStateConfiguration {

    /** The credential state of one browser tab, following the tab's active account. */
    @Bean
    @UIScope
    CredentialState credentialState(ProviderCredentials credentials, ActiveAccount activeAccount) {
        UI ui = UI.getCurrent();
        CredentialState state = new CredentialState(
                credentials,
                activeAccount::currentId,
                command -> {
                    try {
                        ui.access(command::run);
                    } catch (UIDetachedException closed) {
                        // The tab is gone; nobody is left to show the change to.
                    }
                },
                message -> {
                    Notification notification = new Notification(message, 10_000, Notification.Position.TOP_CENTER);
                    notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
                    notification.open();
                });
        activeAccount.addSwitchListener(account -> state.accountSwitched());
        Registration stopListening = credentials.addChangeListener(state::serviceChanged);
        ui.addDetachListener(detach -> stopListening.remove());
        return state;
    }
}
