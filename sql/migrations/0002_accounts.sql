-- Users, refresh tokens, page sessions and failed sign-in attempts.

-- Field names follow the original's accounts_customuser (see shared/spec/DATA_MODEL.md).
-- Emails are stored trimmed and in lower case; the case-insensitive collation makes the
-- unique key refuse the same address in another case as well.
CREATE TABLE accounts_customuser (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    password            VARCHAR(512) NOT NULL,
    last_login          DATETIME(6)  NULL,
    is_superuser        BOOLEAN      NOT NULL DEFAULT FALSE,
    first_name          VARCHAR(150) NOT NULL DEFAULT '',
    last_name           VARCHAR(150) NOT NULL DEFAULT '',
    is_staff            BOOLEAN      NOT NULL DEFAULT FALSE,
    is_active           BOOLEAN      NOT NULL DEFAULT TRUE,
    date_joined         DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    email               VARCHAR(254) NOT NULL,
    email_verified      BOOLEAN      NOT NULL DEFAULT FALSE,
    phone_number        VARCHAR(20)  NULL,
    role                VARCHAR(20)  NOT NULL,
    middle_name         VARCHAR(150) NOT NULL DEFAULT '',
    agreed_to_marketing BOOLEAN      NOT NULL DEFAULT FALSE,
    avatar              MEDIUMTEXT   NOT NULL DEFAULT '',
    date_of_birth       DATE         NULL,
    zoom_account_id     VARCHAR(255) NOT NULL DEFAULT '',
    zoom_client_id      VARCHAR(255) NOT NULL DEFAULT '',
    zoom_client_secret  VARCHAR(512) NOT NULL DEFAULT '',
    zoom_user_id        VARCHAR(255) NOT NULL DEFAULT '',
    username_handle     VARCHAR(50)  NULL,
    created_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                     ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_user_email (email),
    UNIQUE KEY uq_user_phone (phone_number),
    UNIQUE KEY uq_user_handle (username_handle),
    KEY ix_user_role_name (role, last_name, first_name),
    CONSTRAINT ck_user_role CHECK (role IN ('student', 'teacher', 'admin')),
    CONSTRAINT ck_user_email_lower CHECK (email = LOWER(email))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per issued refresh token; the token text itself is never stored.
CREATE TABLE token_blacklist_outstandingtoken (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT       NULL,
    jti         VARCHAR(255) NOT NULL,
    token       TEXT         NOT NULL DEFAULT '',
    created_at  DATETIME(6)  NULL,
    expires_at  DATETIME(6)  NOT NULL,
    UNIQUE KEY uq_outstanding_jti (jti),
    KEY ix_outstanding_user (user_id),
    KEY ix_outstanding_expires (expires_at),
    CONSTRAINT fk_outstanding_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE token_blacklist_blacklistedtoken (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token_id        BIGINT      NOT NULL,
    blacklisted_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_blacklisted_token (token_id),
    CONSTRAINT fk_blacklisted_token FOREIGN KEY (token_id)
        REFERENCES token_blacklist_outstandingtoken (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Page sessions: the cookie holds a random id, the table its SHA-256.
CREATE TABLE auth_session (
    id_hash     CHAR(64)    NOT NULL PRIMARY KEY,
    user_id     BIGINT      NOT NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    expires_at  DATETIME(6) NOT NULL,
    KEY ix_session_user (user_id),
    KEY ix_session_expires (expires_at),
    CONSTRAINT fk_session_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed attempts for throttles shared by every worker and host: scope is what
-- is counted (login_email, login_ip, ...), subject the email or address.
CREATE TABLE auth_failure (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    scope       VARCHAR(16)  NOT NULL,
    subject     VARCHAR(254) NOT NULL,
    at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_failure_subject (scope, subject, at),
    KEY ix_failure_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
