package dev.pier.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for administrators' scripts, newest first. */
@RestController
class AuditApiController {

    private final AuditLog audit;

    AuditApiController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code since} is an ISO instant (2026-12-01T00:00:00Z); pages hold 100 events, from 0. */
    @GetMapping("/api/v1/admin/audit")
    List<AuditEntry> events(
            @RequestParam(required = false) @Nullable String actor,
            @RequestParam(required = false) @Nullable AuditAction action,
            @RequestParam(required = false) @Nullable Instant since,
            @RequestParam(defaultValue = "0") int page) {
        return audit.search(actor, action, since, PageRequest.of(Math.max(0, Math.min(page, 1_000_000)), 100))
                .getContent();
    }
}
