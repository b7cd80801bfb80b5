-- The mail outbox (issue 18): requests queue their emails here (password
-- reset links, verification codes, lesson reminders) and the scheduler's
-- mail job sends them, retrying with growing pauses, so no request waits on
-- the mail relay (a reminder's row names its notification, marked emailed
-- once sent). A row without a recipient keeps the request's work the
-- same for an address with no account (a reset asked for a stranger) and is
-- never sent. A sent or abandoned row loses its body (links in it are
-- secrets) and is kept a week for the record, then deleted.
CREATE TABLE mail_outbox (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind          VARCHAR(32)   NOT NULL,
    to_addr       VARCHAR(254)  NULL,
    notification_id BIGINT      NULL,
    subject       VARCHAR(1000) NOT NULL,
    body          MEDIUMTEXT    NOT NULL,
    created_at    DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    next_try_at   DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    attempts      INT           NOT NULL DEFAULT 0,
    status        VARCHAR(16)   NOT NULL DEFAULT 'pending',
    sent_at       DATETIME(6)   NULL,
    last_error    VARCHAR(255)  NOT NULL DEFAULT '',
    KEY ix_mail_outbox_due (status, next_try_at),
    KEY ix_mail_outbox_created (created_at),
    CONSTRAINT fk_mail_outbox_notification FOREIGN KEY (notification_id)
        REFERENCES notification (id) ON DELETE SET NULL,
    CONSTRAINT ck_mail_outbox_status CHECK (status IN ('pending', 'sent', 'failed', 'void'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
