-- Attendance from Zoom (beyond the original): the students' clicks on the
-- tracked join button, and who was in a lesson's meeting when, from the
-- webhook's meeting.participant_joined / meeting.participant_left events.
-- Neither writes schedule_attendance: the journal shows them beside the
-- teacher's marks and suggests "present", which the teacher confirms.
-- Written by students' clicks and by Zoom, shown by no cached answer
-- ("analytics_" is unversioned in src/db/db.c).

-- One row per (lesson, student): the name the join link gave Zoom (the
-- participant's user_name unless they changed it), the first and last
-- click and how many.
CREATE TABLE analytics_zoom_join (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lesson_id     BIGINT       NOT NULL,
    student_id    BIGINT       NOT NULL,
    display_name  VARCHAR(255) NOT NULL,
    first_at      DATETIME(6)  NOT NULL,
    last_at       DATETIME(6)  NOT NULL,
    clicks        INT          NOT NULL DEFAULT 1,
    UNIQUE KEY uq_zj_lesson_student (lesson_id, student_id),
    KEY ix_zj_lesson_name (lesson_id, display_name),
    KEY ix_zj_student (student_id),
    CONSTRAINT fk_zj_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE CASCADE,
    CONSTRAINT fk_zj_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per participant session in a lesson's meeting: participant_key
-- is Zoom's per-session participant user_id (else participant_uuid, else
-- id), so a join and its leave meet on it and a redelivered event changes
-- nothing (UNIQUE with joined_at). student_id: the student matched by email,
-- else by the name the join link set; NULL when nobody matched. left_at
-- NULL: still in the meeting (or the leave was never delivered).
CREATE TABLE analytics_zoom_presence (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lesson_id        BIGINT       NOT NULL,
    student_id       BIGINT       NULL,
    participant_key  VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_name        VARCHAR(255) NOT NULL DEFAULT '',
    email            VARCHAR(254) NOT NULL DEFAULT '',
    joined_at        DATETIME(6)  NOT NULL,
    left_at          DATETIME(6)  NULL,
    UNIQUE KEY uq_zp_session (lesson_id, participant_key, joined_at),
    KEY ix_zp_lesson_student (lesson_id, student_id),
    KEY ix_zp_student (student_id),
    CONSTRAINT fk_zp_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE CASCADE,
    CONSTRAINT fk_zp_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_zp_times CHECK (left_at IS NULL OR left_at >= joined_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
