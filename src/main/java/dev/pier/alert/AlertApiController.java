package dev.pier.alert;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Alerts for administrators' scripts. */
@RestController
class AlertApiController {

    private final Alerts alerts;

    AlertApiController(Alerts alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/api/v1/admin/alerts")
    List<AlertSummary> list() {
        return alerts.list();
    }

    @PostMapping("/api/v1/admin/alerts/{id}/acknowledge")
    AlertSummary acknowledge(@PathVariable long id) {
        return alerts.acknowledge(id);
    }
}
