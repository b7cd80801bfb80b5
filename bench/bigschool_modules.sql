-- The modules' rows for the big school (after bigschool.sql, same @bs_* settings, and
-- @bs_student, a student of @bs_big_group): homework, submissions, control points and
-- their results, 2 * @bm_rows of each, half of them the big teacher's. The big group is
-- assigned one in 40 of the big teacher's homework, spread over the whole history (a
-- student's list is bounded by what was assigned to them, docs/lists.md; a plan that
-- walked the history in order instead would read 40 rows for each it shows).
SET @tpanel_tally_off = 1, unique_checks = 0, foreign_key_checks = 0;
SET @bm_at = TIMESTAMP('2024-01-01 08:00:00');

CREATE TEMPORARY TABLE bm_t (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL)
    SELECT ROW_NUMBER() OVER (ORDER BY id) AS i, id FROM accounts_customuser
    WHERE email LIKE CONCAT(@bs_prefix, 't%@bench.invalid');
CREATE TEMPORARY TABLE bm_s (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL)
    SELECT ROW_NUMBER() OVER (ORDER BY id) AS i, id FROM accounts_customuser
    WHERE email LIKE CONCAT(@bs_prefix, 's%@bench.invalid');
CREATE TEMPORARY TABLE bm_g (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL,
        teacher_id BIGINT NOT NULL)
    SELECT ROW_NUMBER() OVER (ORDER BY g.id) AS i, g.id, g.teacher_id
    FROM schedule_group g JOIN bm_t t ON t.id = g.teacher_id;
SET @bm_teachers = (SELECT COUNT(*) FROM bm_t), @bm_students = (SELECT COUNT(*) FROM bm_s),
    @bm_groups = (SELECT COUNT(*) FROM bm_g);

-- Odd rows the big teacher's, even rows the others'.
INSERT INTO homework_homework (teacher_id, title, status, created_at, updated_at)
SELECT IF(j.seq % 2, @bs_big_teacher, t.id), CONCAT('ДЗ ', j.seq),
    ELT(j.seq DIV 2 % 3 + 1, 'draft', 'published', 'archived'),
    @bm_at + INTERVAL j.seq MINUTE, @bm_at + INTERVAL j.seq MINUTE
FROM seq_1_to_1000000 j JOIN bm_t t ON t.i = j.seq % @bm_teachers + 1
WHERE j.seq <= 2 * @bm_rows;
CREATE TEMPORARY TABLE bm_h (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL,
        teacher_id BIGINT NOT NULL, status VARCHAR(10) NOT NULL, created_at DATETIME(6))
    SELECT ROW_NUMBER() OVER (ORDER BY h.id) AS i, h.id, h.teacher_id, h.status,
        h.created_at
    FROM homework_homework h WHERE h.title LIKE 'ДЗ %';
INSERT INTO homework_assignment (homework_id, group_id)
SELECT h.id, @bs_big_group FROM bm_h h
WHERE h.teacher_id = @bs_big_teacher AND h.status <> 'draft' AND h.i % 40 = 1;

-- One submission a homework; the big teacher's half in the big group, half individual.
INSERT INTO homework_studentsubmission (homework_id, student_id, teacher_id, group_id,
    status, created_at, updated_at)
SELECT h.id, s.id, h.teacher_id,
    IF(h.teacher_id = @bs_big_teacher AND h.i % 4 = 1, @bs_big_group, NULL),
    ELT(h.i % 4 + 1, 'in_progress', 'submitted', 'graded', 'revision'),
    h.created_at + INTERVAL 1 HOUR, h.created_at + INTERVAL 1 HOUR
FROM bm_h h JOIN bm_s s ON s.i = h.i % @bm_students + 1
WHERE h.status <> 'draft';

-- The student's own work on one in two of the big group's archived homework (an archived
-- homework is shown to a student only with their work), and one in 40 of the big teacher's
-- homework tied to one of the big group's lessons without assignment rows (the original's
-- way to reach a group): a student's list reads these by ranges too (sql/migrations/0028).
INSERT INTO homework_studentsubmission (homework_id, student_id, teacher_id, group_id,
    status, created_at, updated_at)
SELECT h.id, @bs_student, h.teacher_id, @bs_big_group, 'graded',
    h.created_at + INTERVAL 2 HOUR, h.created_at + INTERVAL 2 HOUR
FROM bm_h h WHERE @bs_student IS NOT NULL AND h.teacher_id = @bs_big_teacher
    AND h.status = 'archived' AND h.i % 80 = 1;
UPDATE homework_homework h JOIN bm_h b ON b.id = h.id
SET h.lesson_id = (SELECT MIN(l.id) FROM schedule_lesson l WHERE l.group_id = @bs_big_group)
WHERE b.teacher_id = @bs_big_teacher AND b.i % 40 = 21;

-- Control points: the big teacher's in the big group, the others' in theirs.
INSERT INTO analytics_controlpoint (teacher_id, group_id, title, max_points, date)
SELECT IF(j.seq % 2, @bs_big_teacher, g.teacher_id), IF(j.seq % 2, @bs_big_group, g.id),
    CONCAT('КТ ', j.seq), 100, DATE('2020-01-01') + INTERVAL j.seq DIV 8 DAY
FROM seq_1_to_1000000 j JOIN bm_g g ON g.i = j.seq % @bm_groups + 1
WHERE j.seq <= 2 * @bm_rows;
INSERT INTO analytics_controlpointresult (control_point_id, student_id, teacher_id, points)
SELECT c.id, IF(c.id % 10 = 0, @bs_student, s.id), c.teacher_id, c.id % 100
FROM analytics_controlpoint c JOIN bm_s s ON s.i = c.id % @bm_students + 1
WHERE c.title LIKE 'КТ %';

DROP TEMPORARY TABLE bm_t, bm_s, bm_g, bm_h;
SET @tpanel_tally_off = NULL, unique_checks = 1, foreign_key_checks = 1;
CALL tally_rebuild();
CALL student_rebuild();
ANALYZE TABLE homework_homework, homework_assignment, homework_studentsubmission,
    homework_lesson_reach, analytics_controlpoint, analytics_controlpointresult, list_tally,
    student_rollup, student_hw_part;
