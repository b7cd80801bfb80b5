-- What administrators set for the whole site: status-bar messages and the
-- system settings (a single row, id 1).

CREATE TABLE accounts_statusbarmessage (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    message        TEXT         NOT NULL,
    target         VARCHAR(20)  NOT NULL DEFAULT 'all',
    is_active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_by_id  BIGINT       NULL,
    created_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_statusbar_active (is_active, target, created_at),
    -- The original deleted an admin's messages with the admin; they stay.
    CONSTRAINT fk_statusbar_creator FOREIGN KEY (created_by_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_statusbar_target CHECK (target IN ('teachers', 'students', 'all'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts_systemsettings (
    id                                BIGINT       NOT NULL PRIMARY KEY,
    email_from                        VARCHAR(254) NOT NULL DEFAULT 'noreply@teachingpanel.com',
    email_notifications_enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    welcome_email_enabled             BOOLEAN      NOT NULL DEFAULT TRUE,
    lesson_reminder_hours             INT          NOT NULL DEFAULT 2,
    homework_deadline_reminder_hours  INT          NOT NULL DEFAULT 24,
    push_notifications_enabled        BOOLEAN      NOT NULL DEFAULT FALSE,
    default_lesson_duration           INT          NOT NULL DEFAULT 60,
    auto_recording                    BOOLEAN      NOT NULL DEFAULT FALSE,
    waiting_room_enabled              BOOLEAN      NOT NULL DEFAULT TRUE,
    min_booking_hours                 INT          NOT NULL DEFAULT 2,
    max_booking_days                  INT          NOT NULL DEFAULT 30,
    cancellation_hours                INT          NOT NULL DEFAULT 24,
    platform_name                     VARCHAR(100) NOT NULL DEFAULT 'Teaching Panel',
    support_email                     VARCHAR(254) NOT NULL DEFAULT 'support@teachingpanel.com',
    logo_url                          VARCHAR(200) NOT NULL DEFAULT '',
    primary_color                     VARCHAR(7)   NOT NULL DEFAULT '#4F46E5',
    created_at                        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at                        DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                                   ON UPDATE CURRENT_TIMESTAMP(6),
    CONSTRAINT ck_settings_singleton CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO accounts_systemsettings (id) VALUES (1);
