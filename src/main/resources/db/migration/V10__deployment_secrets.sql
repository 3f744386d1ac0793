-- A deployment's secrets: values sealed with the master key (AES-GCM, bound to the deployment and the name), referenced
-- from its manifest by name; only the provider's containers get the values.
CREATE TABLE deployment_secrets (
    deployment_id BIGINT      NOT NULL,
    name          VARCHAR(63) NOT NULL,
    sealed_value  BYTEA       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(64) NOT NULL,
    CONSTRAINT pk_deployment_secrets PRIMARY KEY (deployment_id, name),
    CONSTRAINT fk_deployment_secrets_deployment FOREIGN KEY (deployment_id) REFERENCES deployments (id)
);
