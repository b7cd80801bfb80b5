-- A big school's history, generated in SQL (bench/scale and tests/e2e/test_list_plans.py).
--
-- Before sourcing, the caller sets (on the same connection, as MariaDB's root):
--   @bs_prefix        text that makes this run's emails and codes unique
--   @bs_teachers      teachers to add, each with @bs_groups groups of @bs_members students
--   @bs_students      students to add (members are spread over them)
--   @bs_lessons_each  past lessons of each added teacher (one every 20 hours, going back)
--   @bs_att           attendance records of each added teacher's lesson (its first members)
--   @bs_big_teacher   an existing teacher (0: none) who gets @bs_big_lessons past lessons
--   @bs_big_group       in their existing group @bs_big_group (one every 3 hours, going
--                       back; attendance for each member of that group), and 50 weekly
--                       lessons that ended long ago
--   @bs_codes         invite codes of each added teacher
--   @bs_audit         audit log entries (spread over the added teachers, 10 years)
-- Everything lies before today (UTC): what a teacher's day, week or month ahead shows is
-- not changed, only the history behind it. The tallies are off while rows go in (the
-- triggers would cost a statement a row) and rebuilt at the end.

SET @tpanel_tally_off = 1, unique_checks = 0, foreign_key_checks = 0;
SET @bs_until = UTC_DATE() - INTERVAL 1 DAY;
SET @bs_hash = '!bench: no password';

INSERT INTO accounts_customuser (password, email, role, first_name, last_name)
SELECT @bs_hash, CONCAT(@bs_prefix, 't', seq, '@bench.invalid'), 'teacher',
    CONCAT('Учитель ', seq), 'Школьный'
FROM seq_1_to_100000 WHERE seq <= @bs_teachers;
INSERT INTO accounts_customuser (password, email, role, first_name, last_name)
SELECT @bs_hash, CONCAT(@bs_prefix, 's', seq, '@bench.invalid'), 'student',
    CONCAT('Ученик ', seq), 'Школьный'
FROM seq_1_to_1000000 WHERE seq <= @bs_students;

CREATE TEMPORARY TABLE bs_t (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL)
    SELECT ROW_NUMBER() OVER (ORDER BY id) AS i, id FROM accounts_customuser
    WHERE email LIKE CONCAT(@bs_prefix, 't%@bench.invalid');
CREATE TEMPORARY TABLE bs_s (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL)
    SELECT ROW_NUMBER() OVER (ORDER BY id) AS i, id FROM accounts_customuser
    WHERE email LIKE CONCAT(@bs_prefix, 's%@bench.invalid');

INSERT INTO schedule_group (teacher_id, name, description, kind)
SELECT t.id, CONCAT('Группа ', g.seq, ' (', t.i, ')'), '', 'group'
FROM bs_t t JOIN seq_1_to_100 g ON g.seq <= @bs_groups ORDER BY t.id, g.seq;
CREATE TEMPORARY TABLE bs_g (i INT NOT NULL PRIMARY KEY, id BIGINT NOT NULL,
        teacher_id BIGINT NOT NULL, KEY (id))
    SELECT ROW_NUMBER() OVER (ORDER BY g.id) AS i, g.id, g.teacher_id
    FROM schedule_group g JOIN bs_t t ON t.id = g.teacher_id;

INSERT INTO schedule_group_students (group_id, customuser_id)
SELECT g.id, s.id FROM bs_g g JOIN seq_1_to_1000 m ON m.seq <= @bs_members
JOIN bs_s s ON s.i = ((g.i - 1) * @bs_members + m.seq - 1) % @bs_students + 1
ON DUPLICATE KEY UPDATE group_id = VALUES(group_id);

-- Lesson j of teacher t: in group (j mod groups) of t, 20 * j hours before the last day's
-- 09:00, a few minutes later for each teacher.
INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, end_time, topics,
    location)
SELECT CONCAT('Занятие ', j.seq), g.id, t.id,
    @bs_until + INTERVAL 9 HOUR - INTERVAL (20 * j.seq) HOUR + INTERVAL (t.i % 40) * 7 MINUTE,
    @bs_until + INTERVAL 9 HOUR - INTERVAL (20 * j.seq) HOUR + INTERVAL (t.i % 40) * 7 MINUTE
        + INTERVAL 45 MINUTE,
    'Темы', 'Кабинет'
FROM bs_t t JOIN seq_0_to_1000000 j ON j.seq < @bs_lessons_each
JOIN bs_g g ON g.i = (t.i - 1) * @bs_groups + j.seq % @bs_groups + 1;

INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, end_time, topics,
    location)
SELECT CONCAT('История ', j.seq), @bs_big_group, @bs_big_teacher,
    @bs_until + INTERVAL 21 HOUR - INTERVAL (3 * j.seq) HOUR,
    @bs_until + INTERVAL 21 HOUR - INTERVAL (3 * j.seq) HOUR + INTERVAL 1 HOUR,
    'Темы', 'Кабинет'
FROM seq_0_to_10000000 j WHERE @bs_big_teacher <> 0 AND j.seq < @bs_big_lessons;

-- The first @bs_att members of each lesson's group were there (or not).
CREATE TEMPORARY TABLE bs_m (group_id BIGINT NOT NULL, r INT NOT NULL,
        student_id BIGINT NOT NULL, PRIMARY KEY (group_id, r))
    SELECT m.group_id, ROW_NUMBER() OVER (PARTITION BY m.group_id ORDER BY m.id) AS r,
        m.customuser_id AS student_id
    FROM schedule_group_students m JOIN bs_g g ON g.id = m.group_id;
INSERT INTO schedule_attendance (lesson_id, student_id, teacher_id, lesson_start, status,
    notes, marked_at)
SELECT l.id, m.student_id, l.teacher_id, l.start_time,
    ELT(1 + (l.id + m.student_id) % 5, 'present', 'present', 'present', 'absent', 'late'),
    '', l.end_time
FROM bs_t t JOIN schedule_lesson l ON l.teacher_id = t.id
JOIN bs_m m ON m.group_id = l.group_id AND m.r <= @bs_att;

INSERT INTO schedule_attendance (lesson_id, student_id, teacher_id, lesson_start, status,
    notes, marked_at)
SELECT l.id, m.customuser_id, l.teacher_id, l.start_time,
    ELT(1 + (l.id + m.customuser_id) % 5, 'present', 'present', 'present', 'absent', 'late'),
    '', l.end_time
FROM schedule_lesson l JOIN schedule_group_students m ON m.group_id = l.group_id
WHERE @bs_big_teacher <> 0 AND l.teacher_id = @bs_big_teacher AND l.title LIKE 'История %';

-- Weekly lessons: two a group running this year; the big teacher's old ones.
INSERT INTO schedule_recurringlesson (title, group_id, teacher_id, day_of_week, week_type,
    start_time, end_time, start_date, end_date)
SELECT CONCAT('Еженедельно ', k.seq), g.id, g.teacher_id, (g.i + k.seq) % 7,
    ELT(1 + k.seq % 3, 'ALL', 'UPPER', 'LOWER'), MAKETIME(8 + k.seq * 3, 0, 0),
    MAKETIME(9 + k.seq * 3, 0, 0), @bs_until - INTERVAL 200 DAY, @bs_until + INTERVAL 165 DAY
FROM bs_g g JOIN seq_1_to_2 k;
INSERT INTO schedule_recurringlesson (title, group_id, teacher_id, day_of_week, week_type,
    start_time, end_time, start_date, end_date)
SELECT CONCAT('Прошлый курс ', k.seq), @bs_big_group, @bs_big_teacher, k.seq % 7, 'ALL',
    MAKETIME(7 + k.seq % 12, 0, 0), MAKETIME(8 + k.seq % 12, 0, 0),
    @bs_until - INTERVAL (100 + 60 * k.seq) DAY, @bs_until - INTERVAL (40 + 60 * k.seq) DAY
FROM seq_1_to_50 k WHERE @bs_big_teacher <> 0;

-- Invite codes (the namespace first: its key keeps codes unique).
INSERT INTO invite_code_namespace (code)
SELECT CONCAT(@bs_prefix, LPAD(CONV(t.i * 100 + c.seq, 10, 36), 8 - LENGTH(@bs_prefix), '0'))
FROM bs_t t JOIN seq_1_to_99 c ON c.seq <= @bs_codes;
INSERT INTO schedule_individualinvitecode (teacher_id, subject, invite_code, created_at)
SELECT t.id, CONCAT('Предмет ', c.seq),
    CONCAT(@bs_prefix, LPAD(CONV(t.i * 100 + c.seq, 10, 36), 8 - LENGTH(@bs_prefix), '0')),
    @bs_until - INTERVAL c.seq DAY + INTERVAL t.i SECOND
FROM bs_t t JOIN seq_1_to_99 c ON c.seq <= @bs_codes;

-- The audit log: what the added teachers did, over ten years.
INSERT INTO schedule_auditlog (user_id, action, resource_type, resource_id, details,
    timestamp)
SELECT t.id, ELT(1 + a.seq % 4, 'lesson_start', 'lesson_end', 'group_create', 'user_create'),
    'Lesson', a.seq, '{}', @bs_until - INTERVAL (a.seq * 3600 * 24 * 3650 DIV @bs_audit) SECOND
FROM seq_1_to_10000000 a JOIN bs_t t ON t.i = a.seq % @bs_teachers + 1
WHERE a.seq <= @bs_audit;

DROP TEMPORARY TABLE bs_t, bs_s, bs_g, bs_m;
SET @tpanel_tally_off = NULL, unique_checks = 1, foreign_key_checks = 1;
CALL tally_rebuild();
CALL summary_rebuild();
CALL student_rebuild();
ANALYZE TABLE accounts_customuser, schedule_group, schedule_group_students, schedule_lesson,
    schedule_attendance, schedule_recurringlesson, schedule_individualinvitecode,
    schedule_auditlog, list_tally, student_rollup;
