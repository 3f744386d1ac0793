package dev.pier.account.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import dev.pier.account.AccountSummary;
import dev.pier.base.ui.Addresses;

/** The header's account picker: shows the tab's active account and switches it for every view of the tab. */
class AccountSwitcher extends Composite<Select<AccountSummary>> {

    private final ActiveAccount active;
    private Registration listener;

    AccountSwitcher(ActiveAccount active) {
        this.active = active;
        Select<AccountSummary> select = getContent();
        select.setAriaLabel("Active account");
        select.setTooltipText("The account this tab works with");
        select.setItemLabelGenerator(a -> a.name() + " · " + Addresses.shortened(a.address()));
        select.getStyle().set("min-width", "14em");
        reload();
        select.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                active.switchTo(e.getValue().id());
            }
        });
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        listener = active.addSwitchListener(account -> reload());
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (listener != null) {
            listener.remove();
        }
    }

    void reload() {
        var choices = active.choices();
        getContent().setItems(choices);
        // Matched by id: the active account may have been read at another moment than the list.
        long current = active.currentId();
        getContent()
                .setValue(choices.stream()
                        .filter(a -> a.id() == current)
                        .findFirst()
                        .orElse(null));
    }
}
