-- Analytics (PHASE2-3.md section 2.3): control points of a group and their
-- results. The attendance journal, the gradebook, the rating and the report
-- are computed on read from the lessons, phase 1's schedule_attendance, the
-- homework tables and these two; nothing is cached in a table.
--
-- No cached answer shows these tables (src/db/db.c lists "analytics_" as
-- unversioned): a result written does not invalidate the lesson list.

-- date is the day the control point was held (a local date, as a teacher
-- reads it). teacher_id is always the group's teacher at creation, never a
-- value from the request. max_points 1..10000; a result never exceeds it
-- (checked under the control point's row lock).
CREATE TABLE analytics_controlpoint (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    teacher_id  BIGINT       NOT NULL,
    group_id    BIGINT       NOT NULL,
    lesson_id   BIGINT       NULL,
    title       VARCHAR(255) NOT NULL,
    max_points  INT          NOT NULL DEFAULT 100,
    date        DATE         NOT NULL,
    created_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY ix_cp_group_date (group_id, date, id),
    KEY ix_cp_teacher_date (teacher_id, date, id),
    KEY ix_cp_date (date, id),
    KEY ix_cp_lesson (lesson_id),
    CONSTRAINT fk_cp_teacher FOREIGN KEY (teacher_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT fk_cp_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_cp_lesson FOREIGN KEY (lesson_id)
        REFERENCES schedule_lesson (id) ON DELETE SET NULL,
    CONSTRAINT ck_cp_max_points CHECK (max_points BETWEEN 1 AND 10000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One result per (control point, student); a student who leaves the group
-- keeps theirs (the results grid shows current members only).
CREATE TABLE analytics_controlpointresult (
    id                BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    control_point_id  BIGINT      NOT NULL,
    student_id        BIGINT      NOT NULL,
    points            INT         NOT NULL,
    created_at        DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    UNIQUE KEY uq_cpr_point_student (control_point_id, student_id),
    KEY ix_cpr_student (student_id, control_point_id),
    CONSTRAINT fk_cpr_point FOREIGN KEY (control_point_id)
        REFERENCES analytics_controlpoint (id) ON DELETE CASCADE,
    CONSTRAINT fk_cpr_student FOREIGN KEY (student_id)
        REFERENCES accounts_customuser (id) ON DELETE CASCADE,
    CONSTRAINT ck_cpr_points CHECK (points BETWEEN 0 AND 10000)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What the journal and the report read of phase 1's attendance, from the
-- index alone: a lesson's marks with their status and time.
ALTER TABLE schedule_attendance
    ADD KEY ix_attendance_lesson_marks (lesson_id, student_id, status, marked_at);

-- A submission's wrong answers (checked, with a final score below their
-- points) and its automatically scored ones, kept by the homework module
-- with its other counters (src/db/db_submission.c, SUMS), so the report's
-- errors percent reads one row per submission and the teacher's summary
-- sums an index. Set here for work done before.
ALTER TABLE homework_studentsubmission
    ADD COLUMN wrong_count INT NOT NULL DEFAULT 0 AFTER checked_points,
    ADD COLUMN auto_count INT NOT NULL DEFAULT 0 AFTER wrong_count,
    ADD KEY ix_hws_teacher_submitted_auto (teacher_id, submitted_at, auto_count),
    ADD KEY ix_hws_teacher_graded (teacher_id, graded_at, status, submitted_at);
UPDATE homework_studentsubmission s
JOIN (SELECT a.submission_id, SUM((a.teacher_score IS NOT NULL OR
        (a.auto_score IS NOT NULL AND a.needs_manual_review = 0))
        AND COALESCE(a.teacher_score, a.auto_score) < q.points) AS wr,
        SUM(a.auto_score IS NOT NULL) AS au
      FROM homework_answer a JOIN homework_question q ON q.id = a.question_id
      GROUP BY a.submission_id) x ON x.submission_id = s.id
SET s.wrong_count = x.wr, s.auto_count = x.au;

-- The teacher's summary: homework due in a window.
ALTER TABLE homework_homework ADD KEY ix_hw_teacher_deadline (teacher_id, deadline);
