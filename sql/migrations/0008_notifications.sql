-- In-app notifications (lesson reminders), Zoom recordings stored once per
-- file, lessons found by meeting id, and the runs of jobs triggered by hand.

-- kind: lesson_reminder. One per (user, kind, lesson): a second reminder of
-- the same lesson to the same person is refused by the key. emailed_at: when
-- the email copy was accepted by the relay (NULL: none sent or it failed).
CREATE TABLE notification (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     BIGINT       NOT NULL,
    kind        VARCHAR(32)  NOT NULL,
    lesson_id   BIGINT       NULL,
    title       VARCHAR(200) NOT NULL,
    text        TEXT         NOT NULL,
    created_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    read_at     DATETIME(6)  NULL,
    emailed_at  DATETIME(6)  NULL,
    UNIQUE KEY uq_notification_once (user_id, kind, lesson_id),
    KEY ix_notification_user (user_id, id),
    KEY ix_notification_unread (user_id, read_at),
    CONSTRAINT fk_notification_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_notification_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A Zoom recording file is stored once however often recording.completed
-- arrives; recordings added by hand have no Zoom id (NULL key, no limit).
ALTER TABLE schedule_lessonrecording
    ADD COLUMN zoom_file_key VARCHAR(100)
        AS (NULLIF(zoom_recording_id, '')) PERSISTENT,
    ADD UNIQUE KEY uq_recording_zoom_file (zoom_file_key);

-- Webhook events name the lesson by its meeting id.
CREATE INDEX IF NOT EXISTS ix_lesson_zoom_meeting ON schedule_lesson (zoom_meeting_id);

-- A job run by POST /schedule/api/celery/trigger/{task}/: its id is the
-- task_id that /schedule/api/celery/status/{task_id}/ reads.
CREATE TABLE job_task (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    task_name   VARCHAR(64)  NOT NULL,
    status      VARCHAR(10)  NOT NULL,
    result      JSON         NULL,
    user_id     BIGINT       NULL,
    created_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    date_done   DATETIME(6)  NULL,
    CONSTRAINT fk_job_task_user FOREIGN KEY (user_id)
        REFERENCES accounts_customuser (id) ON DELETE SET NULL,
    CONSTRAINT ck_job_task_status CHECK (status IN ('STARTED', 'SUCCESS', 'FAILURE')),
    CONSTRAINT ck_job_task_result CHECK (result IS NULL OR JSON_VALID(result))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
