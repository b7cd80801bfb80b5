-- Lessons, weekly (recurring) lessons, attendance and recordings.

-- Times are UTC. zoom_start_url is never stored in clear (it signs anyone in as
-- the host and expires at Zoom after about two hours): it is fetched fresh.
CREATE TABLE schedule_lesson (
    id                            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title                         VARCHAR(200) NOT NULL,
    group_id                      BIGINT       NOT NULL,
    teacher_id                    BIGINT       NOT NULL,
    start_time                    DATETIME(6)  NOT NULL,
    end_time                      DATETIME(6)  NOT NULL,
    topics                        TEXT         NOT NULL DEFAULT '',
    location                      VARCHAR(300) NOT NULL DEFAULT '',
    notes                         TEXT         NOT NULL DEFAULT '',
    zoom_meeting_id               VARCHAR(100) NULL,
    zoom_join_url                 TEXT         NULL,
    zoom_password                 VARCHAR(50)  NULL,
    zoom_account_id               BIGINT       NULL,
    record_lesson                 BOOLEAN      NOT NULL DEFAULT FALSE,
    recording_available_for_days  INT          NOT NULL DEFAULT 90,
    recurring_id                  BIGINT       NULL,
    meeting_started_at            DATETIME(6)  NULL,
    meeting_ended_at              DATETIME(6)  NULL,
    reminder_sent_at              DATETIME(6)  NULL,
    cancelled_at                  DATETIME(6)  NULL,
    created_at                    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at                    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                               ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_lesson_start (start_time),
    KEY ix_lesson_teacher_start (teacher_id, start_time),
    KEY ix_lesson_group_start (group_id, start_time),
    KEY ix_lesson_recurring (recurring_id, start_time),
    CONSTRAINT fk_lesson_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_lesson_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_lesson_times CHECK (end_time > start_time),
    CONSTRAINT ck_lesson_recording_days CHECK (recording_available_for_days >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A weekly template: day_of_week 0 = Monday; the times of day are in the
-- configured time zone (TPANEL_TIME_ZONE), so a lesson keeps its local time
-- across daylight-saving changes. week_type: ALL, UPPER (ISO week even),
-- LOWER (ISO week odd).
CREATE TABLE schedule_recurringlesson (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title        VARCHAR(200) NOT NULL,
    group_id     BIGINT       NOT NULL,
    teacher_id   BIGINT       NOT NULL,
    day_of_week  INT          NOT NULL,
    week_type    VARCHAR(10)  NOT NULL DEFAULT 'ALL',
    start_time   TIME         NOT NULL,
    end_time     TIME         NOT NULL,
    start_date   DATE         NOT NULL,
    end_date     DATE         NOT NULL,
    topics       TEXT         NOT NULL DEFAULT '',
    location     VARCHAR(300) NOT NULL DEFAULT '',
    created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                              ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_recurring_teacher_day (teacher_id, day_of_week),
    KEY ix_recurring_group_day (group_id, day_of_week),
    CONSTRAINT fk_recurring_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_recurring_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_recurring_day CHECK (day_of_week BETWEEN 0 AND 6),
    CONSTRAINT ck_recurring_week CHECK (week_type IN ('ALL', 'UPPER', 'LOWER')),
    CONSTRAINT ck_recurring_times CHECK (end_time > start_time),
    CONSTRAINT ck_recurring_dates CHECK (end_date >= start_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE schedule_lesson ADD CONSTRAINT fk_lesson_recurring
    FOREIGN KEY (recurring_id) REFERENCES schedule_recurringlesson (id) ON DELETE SET NULL;

-- status: present, absent, late, excused (the original had no "late").
CREATE TABLE schedule_attendance (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lesson_id   BIGINT       NOT NULL,
    student_id  BIGINT       NOT NULL,
    status      VARCHAR(10)  NOT NULL DEFAULT 'absent',
    notes       TEXT         NOT NULL DEFAULT '',
    marked_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                             ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_attendance (lesson_id, student_id),
    KEY ix_attendance_student (student_id, status),
    CONSTRAINT fk_attendance_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE CASCADE,
    CONSTRAINT fk_attendance_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_attendance_status CHECK (status IN ('present', 'absent', 'late', 'excused'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE schedule_lessonrecording (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lesson_id           BIGINT       NOT NULL,
    zoom_recording_id   VARCHAR(100) NOT NULL DEFAULT '',
    download_url        TEXT         NOT NULL DEFAULT '',
    play_url            TEXT         NOT NULL DEFAULT '',
    file_size           BIGINT       NULL,
    duration            INT          NULL,
    recording_start     DATETIME(6)  NULL,
    recording_end       DATETIME(6)  NULL,
    status              VARCHAR(20)  NOT NULL DEFAULT 'ready',
    created_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                     ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_recording_lesson (lesson_id, created_at),
    CONSTRAINT fk_recording_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
