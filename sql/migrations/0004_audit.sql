-- The audit log: who did what to which object, from where.
CREATE TABLE schedule_auditlog (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id        BIGINT       NULL,
    action         VARCHAR(50)  NOT NULL,
    resource_type  VARCHAR(50)  NOT NULL,
    resource_id    BIGINT       NULL,
    ip_address     VARCHAR(39)  NULL,
    user_agent     TEXT         NOT NULL DEFAULT '',
    details        JSON         NOT NULL DEFAULT '{}',
    timestamp      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_audit_user_time (user_id, timestamp),
    KEY ix_audit_action_time (action, timestamp),
    KEY ix_audit_resource (resource_type, resource_id),
    KEY ix_audit_time (timestamp),
    CONSTRAINT fk_audit_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_audit_details CHECK (JSON_VALID(details))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
