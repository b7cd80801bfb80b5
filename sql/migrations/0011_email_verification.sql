-- Email verification: a 6-digit code and a link token, both valid 24 hours;
-- a verified one sets accounts_customuser.email_verified (the original never
-- did). Earlier unverified rows of an email are deleted when a new one is made.
CREATE TABLE accounts_emailverification (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email        VARCHAR(254) NOT NULL,
    token        CHAR(36)     CHARACTER SET ascii NOT NULL,
    code         CHAR(6)      CHARACTER SET ascii NOT NULL,
    is_verified  BOOLEAN      NOT NULL DEFAULT FALSE,
    attempts     INT          NOT NULL DEFAULT 0,
    created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    expires_at   DATETIME(6)  NOT NULL,
    UNIQUE KEY uq_emailverification_token (token),
    KEY ix_emailverification_email (email, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
