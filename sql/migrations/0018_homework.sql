-- Homework: the teacher's homework and its questions and choices, who it is
-- assigned to, the students' submissions and answers, and the badges of
-- PHASE2-3.md section 2.8 (awarded by the analytics module).
--
-- Every list filter and order has its index: a teacher's list walks
-- (teacher_id[, status], created_at, id), a student's submissions
-- (student_id, created_at, id), a teacher's submissions (teacher_id[,
-- status | group_id], created_at, id). No cached answer shows these tables
-- (src/db/db.c lists their prefix as unversioned): an autosave does not
-- invalidate the lesson list's cached answers.

-- status: draft, published, archived (transitions in src/domain/homework.c).
-- max_score is the original's informational total; every score uses the sum
-- of the questions' points. late_policy 'block' refuses a first submit after
-- the effective deadline.
CREATE TABLE homework_homework (
    id                    BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    teacher_id            BIGINT       NOT NULL,
    lesson_id             BIGINT       NULL,
    title                 VARCHAR(255) NOT NULL,
    description           TEXT         NOT NULL DEFAULT '',
    status                VARCHAR(10)  NOT NULL DEFAULT 'draft',
    published_at          DATETIME(6)  NULL,
    deadline              DATETIME(6)  NULL,
    max_score             INT          NOT NULL DEFAULT 100,
    student_instructions  TEXT         NOT NULL DEFAULT '',
    allow_view_answers    BOOLEAN      NOT NULL DEFAULT TRUE,
    gamification_enabled  BOOLEAN      NOT NULL DEFAULT FALSE,
    late_policy           VARCHAR(5)   NOT NULL DEFAULT 'allow',
    created_at            DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at            DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                       ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_hw_teacher_created (teacher_id, created_at, id),
    KEY ix_hw_teacher_status_created (teacher_id, status, created_at, id),
    KEY ix_hw_created (created_at, id),
    KEY ix_hw_status_created (status, created_at, id),
    KEY ix_hw_lesson (lesson_id),
    CONSTRAINT fk_hw_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_hw_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE SET NULL,
    CONSTRAINT ck_hw_status CHECK (status IN ('draft', 'published', 'archived')),
    CONSTRAINT ck_hw_late_policy CHECK (late_policy IN ('allow', 'block')),
    CONSTRAINT ck_hw_max_score CHECK (max_score >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who a homework is for, each row with its own deadline (NULL: the
-- homework's): a group alone = the whole group as it is now; a group and a
-- student = that student while a member of that group; a student alone =
-- an individual assignment. Unique per (homework, group, student), kept by
-- the application (rows are replaced whole under the homework's row lock).
CREATE TABLE homework_assignment (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    homework_id  BIGINT      NOT NULL,
    group_id     BIGINT      NULL,
    student_id   BIGINT      NULL,
    deadline     DATETIME(6) NULL,
    created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_hwa_homework (homework_id, group_id, student_id),
    KEY ix_hwa_group (group_id, homework_id),
    KEY ix_hwa_student (student_id, homework_id),
    CONSTRAINT fk_hwa_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE CASCADE,
    CONSTRAINT fk_hwa_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_hwa_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_hwa_target CHECK (group_id IS NOT NULL OR student_id IS NOT NULL)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- position is the API's "order" (a keyword in SQL). config holds the
-- question type's settings and key (PHASE2-3.md section 1.3), validated by
-- src/domain/hw_config.c before it is written.
CREATE TABLE homework_question (
    id             BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    homework_id    BIGINT      NOT NULL,
    prompt         TEXT        NOT NULL DEFAULT '',
    question_type  VARCHAR(20) NOT NULL,
    points         INT         NOT NULL DEFAULT 1,
    position       INT         NOT NULL DEFAULT 0,
    config         JSON        NOT NULL DEFAULT '{}',
    explanation    TEXT        NOT NULL DEFAULT '',
    created_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                               ON UPDATE CURRENT_TIMESTAMP(6),
    KEY ix_hwq_homework (homework_id, position, id),
    CONSTRAINT fk_hwq_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE CASCADE,
    CONSTRAINT ck_hwq_type CHECK (question_type IN ('TEXT', 'SINGLE_CHOICE',
        'MULTI_CHOICE', 'LISTENING', 'MATCHING', 'DRAG_DROP', 'FILL_BLANKS',
        'HOTSPOT', 'FILE_UPLOAD')),
    CONSTRAINT ck_hwq_points CHECK (points >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- is_correct is the key of SINGLE_CHOICE and MULTI_CHOICE; never sent to a
-- student.
CREATE TABLE homework_choice (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    question_id  BIGINT       NOT NULL,
    text         VARCHAR(500) NOT NULL,
    is_correct   BOOLEAN      NOT NULL DEFAULT FALSE,
    position     INT          NOT NULL DEFAULT 0,
    KEY ix_hwc_question (question_id, position, id),
    CONSTRAINT fk_hwc_question FOREIGN KEY (question_id)
        REFERENCES homework_question (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One per (homework, student). teacher_id is the homework's teacher (it
-- never changes), kept here so a teacher's lists walk one index; group_id
-- the group the work was assigned through when it began (NULL:
-- individual). is_late is fixed at the first submit; total_score is the
-- sum of the answers' scores, score_override the teacher's overall score.
-- shuffle_seed orders MATCHING and DRAG_DROP for this student. The *_count
-- and *_seconds columns sum its answers (answered, checked, waiting for the
-- teacher, flagged for rework, time, score and points of the checked ones,
-- pasted, tab switches); every write of its answers sets them again in the
-- same transaction, so the statistics table reads one row per student.
CREATE TABLE homework_studentsubmission (
    id                        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    homework_id               BIGINT       NOT NULL,
    student_id                BIGINT       NOT NULL,
    teacher_id                BIGINT       NOT NULL,
    group_id                  BIGINT       NULL,
    status                    VARCHAR(12)  NOT NULL DEFAULT 'in_progress',
    created_at                DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at                DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                           ON UPDATE CURRENT_TIMESTAMP(6),
    first_submitted_at        DATETIME(6)  NULL,
    submitted_at              DATETIME(6)  NULL,
    graded_at                 DATETIME(6)  NULL,
    total_score               INT          NULL,
    score_override            INT          NULL,
    is_late                   BOOLEAN      NOT NULL DEFAULT FALSE,
    teacher_feedback_summary  JSON         NOT NULL DEFAULT '{}',
    revision_count            INT          NOT NULL DEFAULT 0,
    revision_comment          TEXT         NOT NULL DEFAULT '',
    shuffle_seed              BIGINT       NOT NULL DEFAULT 0,
    answers_viewed_count      INT          NOT NULL DEFAULT 0,
    answered_count            INT          NOT NULL DEFAULT 0,
    answered_seconds          INT          NOT NULL DEFAULT 0,
    total_seconds             INT          NOT NULL DEFAULT 0,
    checked_count             INT          NOT NULL DEFAULT 0,
    open_count                INT          NOT NULL DEFAULT 0,
    rework_count              INT          NOT NULL DEFAULT 0,
    checked_score             INT          NOT NULL DEFAULT 0,
    checked_points            INT          NOT NULL DEFAULT 0,
    pasted_count              INT          NOT NULL DEFAULT 0,
    tab_switch_count          INT          NOT NULL DEFAULT 0,
    UNIQUE KEY uq_hws_homework_student (homework_id, student_id),
    KEY ix_hws_homework_status (homework_id, status),
    KEY ix_hws_student_created (student_id, created_at, id),
    KEY ix_hws_teacher_created (teacher_id, created_at, id),
    KEY ix_hws_teacher_status_created (teacher_id, status, created_at, id),
    KEY ix_hws_teacher_group_created (teacher_id, group_id, created_at, id),
    KEY ix_hws_group (group_id),
    KEY ix_hws_created (created_at, id),
    CONSTRAINT fk_hws_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE CASCADE,
    CONSTRAINT fk_hws_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_hws_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_hws_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE SET NULL,
    CONSTRAINT ck_hws_status CHECK (status IN ('in_progress', 'submitted',
        'graded', 'revision')),
    CONSTRAINT ck_hws_scores CHECK (score_override IS NULL OR score_override >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One per (submission, question), made empty for every question when the
-- work begins (an autosave then only updates rows). answer_json is the typed answer as the
-- domain sanitised it (text_answer keeps TEXT's text as well); answered_at
-- is set while the answer is not empty. revised: changed since the work
-- was returned for revision (its old teacher_score is cleared at submit).
CREATE TABLE homework_answer (
    id                   BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    submission_id        BIGINT      NOT NULL,
    question_id          BIGINT      NOT NULL,
    text_answer          TEXT        NOT NULL DEFAULT '',
    answer_json          JSON        NULL,
    auto_score           INT         NULL,
    teacher_score        INT         NULL,
    teacher_feedback     TEXT        NOT NULL DEFAULT '',
    needs_manual_review  BOOLEAN     NOT NULL DEFAULT FALSE,
    needs_revision       BOOLEAN     NOT NULL DEFAULT FALSE,
    revised              BOOLEAN     NOT NULL DEFAULT FALSE,
    attachments          JSON        NOT NULL DEFAULT '[]',
    answered_at          DATETIME(6) NULL,
    time_spent_seconds   INT         NOT NULL DEFAULT 0,
    is_pasted            BOOLEAN     NOT NULL DEFAULT FALSE,
    tab_switches         INT         NOT NULL DEFAULT 0,
    revision_count       INT         NOT NULL DEFAULT 0,
    created_at           DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at           DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
                                     ON UPDATE CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_hwans_submission_question (submission_id, question_id),
    KEY ix_hwans_question (question_id),
    CONSTRAINT fk_hwans_submission FOREIGN KEY (submission_id)
        REFERENCES homework_studentsubmission (id) ON DELETE CASCADE,
    CONSTRAINT fk_hwans_question FOREIGN KEY (question_id)
        REFERENCES homework_question (id) ON DELETE CASCADE,
    CONSTRAINT ck_hwans_scores CHECK ((auto_score IS NULL OR auto_score >= 0)
        AND (teacher_score IS NULL OR teacher_score >= 0)),
    CONSTRAINT ck_hwans_telemetry CHECK (time_spent_seconds >= 0 AND tab_switches >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The original's join, kept for the choice types (the answer's answer_json
-- holds the same ids), written when the work is handed in. No surrogate id:
-- an INSERT ... SELECT into it takes no AUTO-INC table lock.
CREATE TABLE homework_answer_selected_choices (
    answer_id  BIGINT NOT NULL,
    choice_id  BIGINT NOT NULL,
    PRIMARY KEY (answer_id, choice_id),
    KEY ix_hwsel_choice (choice_id),
    CONSTRAINT fk_hwsel_answer FOREIGN KEY (answer_id)
        REFERENCES homework_answer (id) ON DELETE CASCADE,
    CONSTRAINT fk_hwsel_choice FOREIGN KEY (choice_id)
        REFERENCES homework_choice (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Badges (PHASE2-3.md section 2.8), each awarded once: per homework for
-- QUICK_START, PERFECTIONIST and EARLY_BIRD (homework_id set, period NULL),
-- per month for MARATHON (period 'YYYY-MM', homework_id NULL). A deleted
-- homework leaves its badges with homework_id NULL.
CREATE TABLE homework_badge (
    id           BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    student_id   BIGINT      NOT NULL,
    badge_type   VARCHAR(16) NOT NULL,
    homework_id  BIGINT      NULL,
    period       CHAR(7)     CHARACTER SET ascii COLLATE ascii_bin NULL,
    earned_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_hwb_homework (student_id, badge_type, homework_id),
    UNIQUE KEY uq_hwb_period (student_id, badge_type, period),
    KEY ix_hwb_student_earned (student_id, earned_at),
    KEY ix_hwb_homework (homework_id),
    CONSTRAINT fk_hwb_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_hwb_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE SET NULL,
    CONSTRAINT ck_hwb_type CHECK (badge_type IN ('QUICK_START', 'PERFECTIONIST',
        'MARATHON', 'EARLY_BIRD')),
    CONSTRAINT ck_hwb_period CHECK ((badge_type = 'MARATHON') = (period IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
