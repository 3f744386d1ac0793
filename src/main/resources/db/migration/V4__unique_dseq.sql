-- A dseq names one deployment in the whole installation (it was numbered per account, so two accounts' deployments
-- could share one). lease_dseq keeps the number the provider knows each lease by: leases are the provider's per
-- owner, and a renumbered deployment must keep reaching its lease.
ALTER TABLE deployments ADD COLUMN lease_dseq BIGINT;
UPDATE deployments SET lease_dseq = dseq;
ALTER TABLE deployments ALTER COLUMN lease_dseq SET NOT NULL;

-- The earliest deployment of a shared dseq keeps it; each later one moves above every dseq in use (id is unique).
UPDATE deployments SET dseq = (SELECT MAX(d.dseq) FROM deployments d) + id
    WHERE id NOT IN (SELECT MIN(d.id) FROM deployments d GROUP BY d.dseq);

ALTER TABLE deployments ADD CONSTRAINT uq_deployments_dseq UNIQUE (dseq);

-- The next dseq, taken by one atomic UPDATE (a row lock on H2 and PostgreSQL alike, so several consoles share it).
CREATE TABLE dseq_allocator (
    id        INT    NOT NULL PRIMARY KEY,
    next_dseq BIGINT NOT NULL
);
INSERT INTO dseq_allocator (id, next_dseq) SELECT 1, COALESCE(MAX(dseq), 999) + 1 FROM deployments;
