package dev.pier.alert.ui;

import dev.pier.alert.Alerts;
import dev.pier.base.ui.AdminMenuItem;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** Admin → Alerts, with the number of unacknowledged alerts as its badge (none when there are none). */
@Component
class AlertsMenuItem implements AdminMenuItem {

    private final Alerts alerts;

    AlertsMenuItem(Alerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public String label() {
        return "Alerts";
    }

    @Override
    public String path() {
        return "admin/alerts";
    }

    @Override
    public OptionalLong badge() {
        long count = alerts.unacknowledgedCount();
        return count == 0 ? OptionalLong.empty() : OptionalLong.of(count);
    }
}
