-- The Zoom pool: accounts, one lease per started lesson, the OAuth token cache
-- shared by all workers, per-day create/update counters, lesson start attempts.

-- Secrets (client secrets, cached access tokens) are stored as text
-- "aead1:" + base64(nonce(12) | ciphertext | tag(16)), AES-256-GCM with the
-- key of the secret_encryption_key setting (src/crypto/aead.c); '' = none.

-- A host user of the pool with the Server-to-Server OAuth app that acts for it.
-- current_meetings = the number of open leases, kept in the same transaction
-- as the leases. needs_s2s: imported with JWT-era credentials only; never
-- active until S2S credentials are set.
CREATE TABLE zoom_pool_zoomaccount (
    id                       BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email                    VARCHAR(254)  NOT NULL,
    zoom_account_id          VARCHAR(255)  NOT NULL DEFAULT '',
    zoom_client_id           VARCHAR(255)  NOT NULL DEFAULT '',
    zoom_client_secret_enc   VARCHAR(1024) CHARACTER SET ascii COLLATE ascii_bin
                                           NOT NULL DEFAULT '',
    zoom_user_id             VARCHAR(255)  NOT NULL DEFAULT '',
    max_concurrent_meetings  INT           NOT NULL DEFAULT 1,
    current_meetings         INT           NOT NULL DEFAULT 0,
    is_active                BOOLEAN       NOT NULL DEFAULT TRUE,
    needs_s2s                BOOLEAN       NOT NULL DEFAULT FALSE,
    last_used_at             DATETIME(6)   NULL,
    created_at               DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at               DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                           ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_zoomaccount_email (email),
    KEY ix_zoomaccount_pick (is_active, current_meetings, last_used_at),
    CONSTRAINT ck_zoomaccount_max CHECK (max_concurrent_meetings >= 1),
    CONSTRAINT ck_zoomaccount_current CHECK (current_meetings >= 0),
    CONSTRAINT ck_zoomaccount_s2s CHECK (NOT (needs_s2s AND is_active)),
    CONSTRAINT ck_zoomaccount_email_lower CHECK (email = LOWER(email))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A lease: lesson_id held account_id from acquired_at to released_at.
-- open_lesson_id is the lesson while the lease is open, NULL after: its
-- unique key allows at most one open lease per lesson. Released rows stay as
-- history (peaks, teacher affinity, audit). lesson_id has no foreign key on
-- purpose: a lesson deleted with its group or teacher leaves its open lease
-- behind, with the meeting id, for the release job to end and close.
-- release_reason: end (the teacher),
-- sweeper (the release job), webhook (meeting.ended), admin, delete (lesson or
-- account deleted), error (the Zoom call failed), edit (rescheduled).
CREATE TABLE zoom_pool_session (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lesson_id        BIGINT       NOT NULL,
    account_id       BIGINT       NULL,
    teacher_id       BIGINT       NULL,
    zoom_meeting_id  VARCHAR(64)  NULL,
    acquired_at      DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    released_at      DATETIME(6)  NULL,
    release_reason   VARCHAR(20)  NULL,
    open_lesson_id   BIGINT AS (IF(released_at IS NULL, lesson_id, NULL)) VIRTUAL,
    UNIQUE KEY uq_session_open_lesson (open_lesson_id),
    KEY ix_session_lesson (lesson_id, acquired_at),
    KEY ix_session_account_open (account_id, released_at),
    KEY ix_session_teacher (teacher_id, acquired_at),
    KEY ix_session_meeting (zoom_meeting_id),
    KEY ix_session_released (released_at),
    CONSTRAINT fk_session_account FOREIGN KEY (account_id)
        REFERENCES zoom_pool_zoomaccount (id) ON DELETE SET NULL,
    CONSTRAINT fk_session_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_session_reason CHECK (release_reason IS NULL OR release_reason IN
        ('end', 'sweeper', 'webhook', 'admin', 'delete', 'error', 'edit')),
    CONSTRAINT ck_session_released CHECK ((released_at IS NULL) = (release_reason IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Server-to-Server OAuth access tokens, one per credential set, shared by
-- every worker and host. cred_key = SHA-256 hex of (token URL, account id,
-- client id, client secret): a changed secret is another key. The token is
-- stored encrypted like the secrets.
CREATE TABLE zoom_oauth_token (
    cred_key      CHAR(64)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    token_enc     VARCHAR(4096) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    expires_at    DATETIME(6)   NOT NULL,
    updated_at    DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_oauth_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Meeting creates and updates per pool account and UTC day: Zoom allows 100
-- a day per host user. A daily-limit 429 from Zoom sets the count to the cap.
CREATE TABLE zoom_pool_daily_usage (
    account_id  BIGINT  NOT NULL,
    day         DATE    NOT NULL,
    requests    INT     NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, day),
    CONSTRAINT fk_daily_account FOREIGN KEY (account_id)
        REFERENCES zoom_pool_zoomaccount (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every lesson start attempt (kind 'start' or 'start_new'), for the limit of
-- N a minute per teacher shared by all workers; pruned by the release job.
CREATE TABLE schedule_start_attempt (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    teacher_id  BIGINT      NOT NULL,
    kind        VARCHAR(10) NOT NULL,
    at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_start_attempt (teacher_id, kind, at),
    KEY ix_start_attempt_at (at),
    CONSTRAINT fk_start_attempt_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_start_attempt_kind CHECK (kind IN ('start', 'start_new'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE schedule_lesson ADD CONSTRAINT fk_lesson_zoom_account
    FOREIGN KEY (zoom_account_id) REFERENCES zoom_pool_zoomaccount (id) ON DELETE SET NULL;

-- The teacher's own client secret (legacy start) is stored encrypted from now
-- on; a value already there is treated as clear text until it is set again.
ALTER TABLE accounts_customuser MODIFY zoom_client_secret VARCHAR(1024) NOT NULL DEFAULT '';
