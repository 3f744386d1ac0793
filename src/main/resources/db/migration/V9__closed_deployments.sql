-- Who closed a deployment (a user, or an administrator), shown with when.
ALTER TABLE deployments ADD COLUMN closed_by VARCHAR(64);

-- A closed lease's log and events, read from the provider just before it was closed, so they stay readable and
-- downloadable for pier.logs.retention-after-close: gzip of one JSON entry per line, as the provider sent them.
CREATE TABLE lease_archives (
    deployment_id BIGINT      NOT NULL,
    kind          VARCHAR(8)  NOT NULL,
    entries       BYTEA       NOT NULL,
    entry_count   INT         NOT NULL,
    complete      BOOLEAN     NOT NULL,
    archived_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_lease_archives PRIMARY KEY (deployment_id, kind),
    CONSTRAINT fk_lease_archives_deployment FOREIGN KEY (deployment_id) REFERENCES deployments (id),
    CONSTRAINT ck_lease_archives_kind CHECK (kind IN ('logs', 'events'))
);

-- What a manifest version did when it was not a plain edit: "scaled web to 3", "restarted web (replica 0)".
ALTER TABLE manifest_versions ADD COLUMN change_note VARCHAR(200);
