-- Lists whose cost follows the size of their answer, not of the history behind them
-- (docs/lists.md): an index for every filter and order of every list, and tallies: the
-- size of every list kept per owner by triggers, in the same transaction as the writes,
-- so that a list's "count" reads a few tally rows instead of the list's rows.

-- 1. Indexes -------------------------------------------------------------------------------

-- Lessons: (start_time), (teacher_id, start_time) and (group_id, start_time) serve every
-- scope and order (the id, which breaks ties in the order, said before the rest); they now
-- also hold the other filters' columns, so that a page's ids are read from the index alone,
-- whatever the filters (?page=N skips index entries, not rows).
-- Lessons longer than 12 hours (imported, or generated from a long weekly lesson) are few;
-- the end= filter's count finds them here.
ALTER TABLE schedule_lesson
    ADD COLUMN long_start DATETIME(6)
        AS (IF(end_time > start_time + INTERVAL 12 HOUR, start_time, NULL)) VIRTUAL,
    DROP KEY ix_lesson_start,
    DROP KEY ix_lesson_teacher_start,
    DROP KEY ix_lesson_group_start,
    ADD KEY ix_lesson_start (start_time, id, teacher_id, group_id, end_time),
    ADD KEY ix_lesson_teacher_start (teacher_id, start_time, id, group_id, end_time),
    ADD KEY ix_lesson_group_start (group_id, start_time, id, teacher_id, end_time),
    ADD KEY ix_lesson_long (long_start);

-- Attendance is listed in its lesson's start order, by teacher, student and status: the
-- lesson's teacher and start are kept on each record (by the triggers below) so that one
-- index serves each scope and filter with that order.
ALTER TABLE schedule_attendance
    ADD COLUMN teacher_id BIGINT NOT NULL DEFAULT 0 AFTER student_id,
    ADD COLUMN lesson_start DATETIME(6) NOT NULL DEFAULT '1970-01-01' AFTER teacher_id,
    DROP KEY ix_attendance_student,
    ADD KEY ix_att_start (lesson_start, lesson_id),
    ADD KEY ix_att_status (status, lesson_start, lesson_id),
    ADD KEY ix_att_student (student_id, lesson_start, lesson_id),
    ADD KEY ix_att_student_status (student_id, status, lesson_start, lesson_id),
    ADD KEY ix_att_teacher (teacher_id, lesson_start, lesson_id),
    ADD KEY ix_att_teacher_status (teacher_id, status, lesson_start, lesson_id),
    ADD KEY ix_att_teacher_student (teacher_id, student_id, lesson_start, lesson_id),
    ADD KEY ix_att_teacher_student_status (teacher_id, student_id, status, lesson_start,
        lesson_id);
UPDATE schedule_attendance a JOIN schedule_lesson l ON l.id = a.lesson_id
    SET a.teacher_id = l.teacher_id, a.lesson_start = l.start_time;

-- A teacher's groups by name (the kind in the old key's middle made it sort them).
ALTER TABLE schedule_group ADD KEY ix_group_teacher_order (teacher_id, name);

-- Invite codes newest first, everyone's and a teacher's.
ALTER TABLE schedule_individualinvitecode
    ADD KEY ix_individual_teacher_created (teacher_id, created_at),
    ADD KEY ix_individual_created (created_at);

-- Weekly lessons by (day_of_week, start_time, id), each key holding the other filters'
-- columns (as the lessons'); the calendar's weekly lessons still running.
ALTER TABLE schedule_recurringlesson
    DROP KEY ix_recurring_teacher_day,
    DROP KEY ix_recurring_group_day,
    ADD KEY ix_recurring_teacher_day (teacher_id, day_of_week, start_time, id, group_id),
    ADD KEY ix_recurring_group_day (group_id, day_of_week, start_time, id, teacher_id),
    ADD KEY ix_recurring_day (day_of_week, start_time, id, teacher_id, group_id),
    ADD KEY ix_recurring_teacher_end (teacher_id, end_date),
    ADD KEY ix_recurring_group_end (group_id, end_date),
    ADD KEY ix_recurring_end (end_date);

-- The audit log by user and action at once.
ALTER TABLE schedule_auditlog ADD KEY ix_audit_user_action_time (user_id, action, timestamp);

-- The admin's statistics: who is online, who joined lately.
ALTER TABLE accounts_customuser
    ADD KEY ix_user_last_login (last_login),
    ADD KEY ix_user_role_created (role, created_at);

-- 2. Tallies -------------------------------------------------------------------------------

-- n rows of list whose owners are a and b and whose value is c (0 and '': any), in the
-- UTC day or month starting at `at` (lvl 0, 1) or in all (lvl 2, at 1970-01-01):
--   lesson        a teacher, b group;            by start_time day and month
--   attendance    a lesson's teacher, b student, c status
--   recurring     a teacher, b group,            c day_of_week
--   group         a teacher
--   member        a student (the groups a student is in)
--   icode         a teacher (individual invite codes)
--   icode_used    a student (codes they redeemed)
--   notification  a user,                        c '' or 'unread'
--   audit         a user,                        c action; by timestamp day and month
--   pool          c '' or 'active' (Zoom pool accounts)
--   user          c '' or role;                  by created_at day and month
-- Rows may hold 0. The collation is the one the lists filter with.
CREATE TABLE list_tally (
    list  VARCHAR(16)  CHARACTER SET ascii NOT NULL,
    a     BIGINT       NOT NULL DEFAULT 0,
    b     BIGINT       NOT NULL DEFAULT 0,
    c     VARCHAR(50)  NOT NULL DEFAULT '',
    lvl   TINYINT      NOT NULL DEFAULT 2,
    at    DATE         NOT NULL DEFAULT '1970-01-01',
    n     BIGINT       NOT NULL,
    PRIMARY KEY (list, a, b, c, lvl, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The rows one change touches: each owner given or "any" (ka, kb, kc) at each level.
CREATE TABLE list_tally_combo (
    ka   TINYINT NOT NULL,
    kb   TINYINT NOT NULL,
    kc   TINYINT NOT NULL,
    lvl  TINYINT NOT NULL,
    PRIMARY KEY (ka, kb, kc, lvl)
) ENGINE=InnoDB;
INSERT INTO list_tally_combo (ka, kb, kc, lvl)
    SELECT x.v, y.v, z.v, l.v FROM (SELECT 0 AS v UNION ALL SELECT 1) x
    CROSS JOIN (SELECT 0 AS v UNION ALL SELECT 1) y
    CROSS JOIN (SELECT 0 AS v UNION ALL SELECT 1) z
    CROSS JOIN (SELECT 0 AS v UNION ALL SELECT 1 UNION ALL SELECT 2) l;

-- Every procedure and trigger does nothing while @tpanel_tally_off is set: a bulk load
-- (bench/, tests) sets it and calls tally_rebuild() at the end. Rows are locked in one
-- order (a list's all-time rows first, then months, then days; lists in the order of this
-- file), so that concurrent writers queue instead of deadlocking.

DELIMITER //

-- One lesson (teacher t, group g, starting at s) counted d times (+1, -1).
CREATE PROCEDURE tally_lesson(t BIGINT, g BIGINT, s DATETIME(6), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, c, lvl, at, n)
        SELECT 'lesson', IF(k.ka, t, 0), IF(k.kb, g, 0), '', k.lvl,
            CASE k.lvl WHEN 0 THEN DATE(s) WHEN 1 THEN DATE_FORMAT(s, '%Y-%m-01')
            ELSE '1970-01-01' END, d
        FROM list_tally_combo k WHERE k.kc = 0
        ORDER BY k.lvl DESC, 2, 3, 6
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

-- A row of a list with two owners and a value (attendance: teacher, student, status;
-- recurring: teacher, group, day_of_week), in all its combinations with "any".
CREATE PROCEDURE tally_pair(l VARCHAR(16), o1 BIGINT, o2 BIGINT, v VARCHAR(50), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT l, IF(k.ka, o1, 0), IF(k.kb, o2, 0), IF(k.kc, v, ''), d
        FROM list_tally_combo k WHERE k.lvl = 2 ORDER BY 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

-- A row of a list with one owner (a; 0: none) and the "any owner" row, and the same for
-- value c when it is given.
CREATE PROCEDURE tally_owned(l VARCHAR(16), o BIGINT, v VARCHAR(50), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, c, n)
        SELECT l, IF(k.ka, o, 0), IF(k.kc, v, ''), d FROM list_tally_combo k
        WHERE k.kb = 0 AND k.lvl = 2 AND (k.ka = 0 OR o <> 0) AND (k.kc = 0 OR v <> '')
        ORDER BY 2, 3
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

-- A row of a list counted for its owner only (a student's groups and codes).
CREATE PROCEDURE tally_one(l VARCHAR(16), o BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, n) VALUES (l, o, d)
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

-- An audit entry of user u (NULL: none) and action act at time ts; a user of role r
-- created at ts: by day and month as well.
CREATE PROCEDURE tally_dated(l VARCHAR(16), u BIGINT, v VARCHAR(50), ts DATETIME(6), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, c, lvl, at, n)
        SELECT l, IF(k.ka, u, 0), IF(k.kc, v, ''), k.lvl,
            CASE k.lvl WHEN 0 THEN DATE(ts) WHEN 1 THEN DATE_FORMAT(ts, '%Y-%m-01')
            ELSE '1970-01-01' END, d
        FROM list_tally_combo k WHERE k.kb = 0 AND (k.ka = 0 OR u IS NOT NULL)
        ORDER BY k.lvl DESC, 2, 3, 5
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

CREATE PROCEDURE tally_notification(u BIGINT, unread INT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, c, n) VALUES ('notification', u, '', d)
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        IF unread THEN
            INSERT INTO list_tally (list, a, c, n) VALUES ('notification', u, 'unread', d)
            ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        END IF;
    END IF;
END//

-- What goes with lessons deleted together, whose attendance and notifications a foreign
-- key deletes (no trigger fires for those rows): the lessons are listed here first, under
-- the connection's id, by the trigger of what is deleted (a lesson, a group, a user).
CREATE TABLE list_tally_scratch (
    conn       BIGINT UNSIGNED NOT NULL,
    lesson_id  BIGINT          NOT NULL,
    PRIMARY KEY (conn, lesson_id)
) ENGINE=InnoDB//

-- Subtract the listed lessons, their attendance and their notifications (and, for a user
-- p_uid, their attendance as a student), then forget the list.
CREATE PROCEDURE tally_drop_lessons(p_uid BIGINT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, c, lvl, at, n)
        SELECT 'lesson', IF(k.ka, x.t, 0), IF(k.kb, x.g, 0), '', k.lvl,
            CASE k.lvl WHEN 0 THEN x.d WHEN 1 THEN DATE_FORMAT(x.d, '%Y-%m-01')
            ELSE '1970-01-01' END, -SUM(x.n)
        FROM (SELECT l.teacher_id AS t, l.group_id AS g, DATE(l.start_time) AS d,
                  COUNT(*) AS n
              FROM list_tally_scratch s JOIN schedule_lesson l ON l.id = s.lesson_id
              WHERE s.conn = CONNECTION_ID() GROUP BY 1, 2, 3) x
        JOIN list_tally_combo k ON k.kc = 0
        GROUP BY 2, 3, 5, 6 ORDER BY 5 DESC, 2, 3, 6
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT 'attendance', IF(k.ka, x.t, 0), IF(k.kb, x.s, 0), IF(k.kc, x.st, ''),
            -SUM(x.n)
        FROM (SELECT y.t, y.s, y.st, COUNT(*) AS n FROM (
                  SELECT a.teacher_id AS t, a.student_id AS s, a.status AS st
                  FROM list_tally_scratch s JOIN schedule_attendance a
                      ON a.lesson_id = s.lesson_id
                  WHERE s.conn = CONNECTION_ID() AND a.student_id <> p_uid
                  UNION ALL
                  SELECT a.teacher_id, a.student_id, a.status FROM schedule_attendance a
                  WHERE a.student_id = p_uid) y
              GROUP BY 1, 2, 3) x
        JOIN list_tally_combo k ON k.lvl = 2
        GROUP BY 2, 3, 4 ORDER BY 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, c, n)
        SELECT 'notification', x.u, IF(k.kc, 'unread', ''), -SUM(IF(k.kc, x.unread, x.n))
        FROM (SELECT o.user_id AS u, COUNT(*) AS n, SUM(o.read_at IS NULL) AS unread
              FROM list_tally_scratch s JOIN notification o ON o.lesson_id = s.lesson_id
              WHERE s.conn = CONNECTION_ID() GROUP BY 1) x
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.lvl = 2
        GROUP BY 2, 3 ORDER BY 2, 3
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
    DELETE FROM list_tally_scratch WHERE conn = CONNECTION_ID();
END//

-- The weekly lessons, groups, memberships and codes that go with a group (p_gid) or a
-- user (p_uid), then the tally rows of the owners that go.
CREATE PROCEDURE tally_drop_owned(p_gid BIGINT, p_uid BIGINT)
BEGIN
    IF @tpanel_tally_off IS NULL AND p_gid <> 0 THEN
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT 'recurring', IF(k.ka, x.t, 0), IF(k.kb, x.g, 0), IF(k.kc, x.dow, ''),
            -SUM(x.n)
        FROM (SELECT r.teacher_id AS t, r.group_id AS g, r.day_of_week AS dow,
                  COUNT(*) AS n
              FROM schedule_recurringlesson r WHERE r.group_id = p_gid GROUP BY 1, 2, 3) x
        JOIN list_tally_combo k ON k.lvl = 2
        GROUP BY 2, 3, 4 ORDER BY 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'group', IF(k.ka, g.teacher_id, 0), -1
        FROM schedule_group g JOIN list_tally_combo k
            ON k.kb = 0 AND k.kc = 0 AND k.lvl = 2
        WHERE g.id = p_gid ORDER BY 2
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'member', m.customuser_id, -1 FROM schedule_group_students m
        WHERE m.group_id = p_gid ORDER BY 2
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        DELETE FROM list_tally WHERE list IN ('lesson', 'recurring') AND b = p_gid;
    ELSEIF @tpanel_tally_off IS NULL AND p_uid <> 0 THEN
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT 'recurring', IF(k.ka, x.t, 0), IF(k.kb, x.g, 0), IF(k.kc, x.dow, ''),
            -SUM(x.n)
        FROM (SELECT y.t, y.g, y.dow, COUNT(*) AS n FROM (
                  SELECT r.teacher_id AS t, r.group_id AS g, r.day_of_week AS dow
                  FROM schedule_recurringlesson r WHERE r.teacher_id = p_uid
                  UNION ALL
                  SELECT r.teacher_id, r.group_id, r.day_of_week
                  FROM schedule_recurringlesson r JOIN schedule_group x ON x.id = r.group_id
                  WHERE x.teacher_id = p_uid AND r.teacher_id <> p_uid) y
              GROUP BY 1, 2, 3) x
        JOIN list_tally_combo k ON k.lvl = 2
        GROUP BY 2, 3, 4 ORDER BY 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'group', 0, -COUNT(*) FROM schedule_group g WHERE g.teacher_id = p_uid
        HAVING COUNT(*) > 0
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'member', m.customuser_id, -COUNT(*) FROM schedule_group_students m
        JOIN schedule_group x ON x.id = m.group_id WHERE x.teacher_id = p_uid
        GROUP BY 2 ORDER BY 2
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'icode', 0, -COUNT(*) FROM schedule_individualinvitecode c
        WHERE c.teacher_id = p_uid HAVING COUNT(*) > 0
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, n)
        SELECT 'icode_used', u.student_id, -COUNT(*) FROM schedule_invitecode_use u
        JOIN schedule_individualinvitecode c ON c.id = u.code_id
        WHERE c.teacher_id = p_uid AND u.student_id IS NOT NULL
        GROUP BY 2 ORDER BY 2
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        -- The user's own rows; the audit log keeps its entries, without the user.
        DELETE FROM list_tally WHERE list IN ('lesson', 'recurring')
            AND b IN (SELECT x.id FROM schedule_group x WHERE x.teacher_id = p_uid);
        DELETE FROM list_tally WHERE list IN ('lesson', 'recurring', 'attendance',
            'group', 'member', 'icode', 'icode_used', 'notification', 'audit')
            AND a = p_uid;
        DELETE FROM list_tally WHERE list = 'attendance' AND b = p_uid;
    END IF;
END//

-- Rebuild every tally from the rows: after a bulk load with @tpanel_tally_off set, or to
-- repair counts after rows were changed by hand with it set. Locks list_tally meanwhile.
-- Each list is counted once at its finest grain; coarser rows are sums of those.
CREATE PROCEDURE tally_rebuild()
BEGIN
    DELETE FROM list_tally;
    -- Lessons: per teacher, group and day, then "any" owners, months, all time.
    INSERT INTO list_tally (list, a, b, lvl, at, n)
    SELECT 'lesson', teacher_id, group_id, 0, DATE(start_time), COUNT(*)
    FROM schedule_lesson GROUP BY 2, 3, 5;
    INSERT INTO list_tally (list, a, b, lvl, at, n)
    SELECT 'lesson', IF(k.ka, t.a, 0), IF(k.kb, t.b, 0), 0, t.at, SUM(t.n)
    FROM list_tally t JOIN list_tally_combo k ON k.kc = 0 AND k.lvl = 0
        AND (k.ka = 0 OR k.kb = 0)
    WHERE t.list = 'lesson' AND t.lvl = 0 GROUP BY 2, 3, 5;
    INSERT INTO list_tally (list, a, b, lvl, at, n)
    SELECT 'lesson', a, b, 1, DATE_FORMAT(at, '%Y-%m-01'), SUM(n) FROM list_tally
    WHERE list = 'lesson' AND lvl = 0 GROUP BY 2, 3, 5;
    INSERT INTO list_tally (list, a, b, lvl, n)
    SELECT 'lesson', a, b, 2, SUM(n) FROM list_tally
    WHERE list = 'lesson' AND lvl = 1 GROUP BY 2, 3;
    -- Attendance, weekly lessons: per owners and value, then "any".
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT 'attendance', teacher_id, student_id, status, COUNT(*)
    FROM schedule_attendance GROUP BY 2, 3, 4;
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT 'recurring', teacher_id, group_id, day_of_week, COUNT(*)
    FROM schedule_recurringlesson GROUP BY 2, 3, 4;
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT t.list, IF(k.ka, t.a, 0), IF(k.kb, t.b, 0), IF(k.kc, t.c, ''), SUM(t.n)
    FROM list_tally t JOIN list_tally_combo k ON k.lvl = 2
        AND (k.ka = 0 OR k.kb = 0 OR k.kc = 0)
    WHERE t.list IN ('attendance', 'recurring') GROUP BY 1, 2, 3, 4;
    INSERT INTO list_tally (list, a, n)
    SELECT 'group', teacher_id, COUNT(*) FROM schedule_group GROUP BY 2;
    INSERT INTO list_tally (list, a, n)
    SELECT 'member', customuser_id, COUNT(*) FROM schedule_group_students GROUP BY 2;
    INSERT INTO list_tally (list, a, n)
    SELECT 'icode', teacher_id, COUNT(*) FROM schedule_individualinvitecode GROUP BY 2;
    INSERT INTO list_tally (list, a, n)
    SELECT l, 0, SUM(n) FROM (SELECT list AS l, n FROM list_tally
        WHERE list IN ('group', 'icode')) x GROUP BY 1;
    INSERT INTO list_tally (list, a, n)
    SELECT 'icode_used', student_id, COUNT(*) FROM schedule_invitecode_use
    WHERE student_id IS NOT NULL GROUP BY 2;
    INSERT INTO list_tally (list, a, c, n)
    SELECT 'notification', user_id, '', COUNT(*) FROM notification GROUP BY 2;
    INSERT INTO list_tally (list, a, c, n)
    SELECT 'notification', user_id, 'unread', COUNT(*) FROM notification
    WHERE read_at IS NULL GROUP BY 2;
    -- The audit log and users: by day, then "any", months, all time.
    INSERT INTO list_tally (list, a, c, lvl, at, n)
    SELECT 'audit', COALESCE(user_id, 0), action, 0, DATE(timestamp), COUNT(*)
    FROM schedule_auditlog GROUP BY 2, 3, 5;
    INSERT INTO list_tally (list, a, c, lvl, at, n)
    SELECT 'user', 0, role, 0, DATE(created_at), COUNT(*)
    FROM accounts_customuser GROUP BY 3, 5;
    -- Every combination but the row itself (entries without a user are in a = 0).
    INSERT INTO list_tally (list, a, c, lvl, at, n)
    SELECT t.list, IF(k.ka, t.a, 0), IF(k.kc, t.c, ''), 0, t.at, SUM(t.n)
    FROM list_tally t JOIN list_tally_combo k ON k.kb = 0 AND k.lvl = 0
        AND (k.ka = 0 OR k.kc = 0)
    WHERE t.list IN ('audit', 'user') AND t.lvl = 0 AND (k.ka = 0 OR t.a <> 0)
        AND NOT (t.a = 0 AND k.kc = 1)
    GROUP BY 1, 2, 3, 5
    ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    INSERT INTO list_tally (list, a, c, lvl, at, n)
    SELECT list, a, c, 1, DATE_FORMAT(at, '%Y-%m-01'), SUM(n) FROM list_tally
    WHERE list IN ('audit', 'user') AND lvl = 0 GROUP BY 1, 2, 3, 5;
    INSERT INTO list_tally (list, a, c, lvl, n)
    SELECT list, a, c, 2, SUM(n) FROM list_tally
    WHERE list IN ('audit', 'user') AND lvl = 1 GROUP BY 1, 2, 3;
    INSERT INTO list_tally (list, c, n)
    SELECT 'pool', IF(k.kc, 'active', ''), SUM(IF(k.kc, a.is_active <> 0, 1))
    FROM zoom_pool_zoomaccount a JOIN list_tally_combo k
        ON k.ka = 0 AND k.kb = 0 AND k.lvl = 2 GROUP BY 2;
END//

-- Lessons.
CREATE TRIGGER tally_lesson_ins AFTER INSERT ON schedule_lesson FOR EACH ROW
    CALL tally_lesson(NEW.teacher_id, NEW.group_id, NEW.start_time, 1)//
CREATE TRIGGER tally_lesson_upd AFTER UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.group_id <> OLD.group_id
       OR DATE(NEW.start_time) <> DATE(OLD.start_time) THEN
        CALL tally_lesson(OLD.teacher_id, OLD.group_id, OLD.start_time, -1);
        CALL tally_lesson(NEW.teacher_id, NEW.group_id, NEW.start_time, 1);
    END IF;
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.start_time <> OLD.start_time THEN
        UPDATE schedule_attendance SET teacher_id = NEW.teacher_id,
            lesson_start = NEW.start_time WHERE lesson_id = NEW.id;
    END IF;
END//
CREATE TRIGGER tally_lesson_del BEFORE DELETE ON schedule_lesson FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT IGNORE INTO list_tally_scratch (conn, lesson_id)
            VALUES (CONNECTION_ID(), OLD.id);
        CALL tally_drop_lessons(0);
    END IF;
END//

-- Attendance: the lesson's teacher and start on the record, then the tallies.
-- (A bulk load may give both itself: a teacher_id other than 0.)
CREATE TRIGGER att_lesson_ins BEFORE INSERT ON schedule_attendance FOR EACH ROW
BEGIN
    IF NEW.teacher_id = 0 THEN
        SET NEW.teacher_id = COALESCE((SELECT l.teacher_id FROM schedule_lesson l
                WHERE l.id = NEW.lesson_id), 0),
            NEW.lesson_start = COALESCE((SELECT l.start_time FROM schedule_lesson l
                WHERE l.id = NEW.lesson_id), '1970-01-01');
    END IF;
END//
CREATE TRIGGER att_lesson_upd BEFORE UPDATE ON schedule_attendance FOR EACH ROW
BEGIN
    IF NEW.lesson_id <> OLD.lesson_id THEN
        SET NEW.teacher_id = COALESCE((SELECT l.teacher_id FROM schedule_lesson l
                WHERE l.id = NEW.lesson_id), 0),
            NEW.lesson_start = COALESCE((SELECT l.start_time FROM schedule_lesson l
                WHERE l.id = NEW.lesson_id), '1970-01-01');
    END IF;
END//
CREATE TRIGGER tally_att_ins AFTER INSERT ON schedule_attendance FOR EACH ROW
    CALL tally_pair('attendance', NEW.teacher_id, NEW.student_id, NEW.status, 1)//
CREATE TRIGGER tally_att_upd AFTER UPDATE ON schedule_attendance FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.student_id <> OLD.student_id
       OR NEW.status <> OLD.status THEN
        CALL tally_pair('attendance', OLD.teacher_id, OLD.student_id, OLD.status, -1);
        CALL tally_pair('attendance', NEW.teacher_id, NEW.student_id, NEW.status, 1);
    END IF;
END//
CREATE TRIGGER tally_att_del AFTER DELETE ON schedule_attendance FOR EACH ROW
    CALL tally_pair('attendance', OLD.teacher_id, OLD.student_id, OLD.status, -1)//

-- Weekly lessons.
CREATE TRIGGER tally_rl_ins AFTER INSERT ON schedule_recurringlesson FOR EACH ROW
    CALL tally_pair('recurring', NEW.teacher_id, NEW.group_id, NEW.day_of_week, 1)//
CREATE TRIGGER tally_rl_upd AFTER UPDATE ON schedule_recurringlesson FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.group_id <> OLD.group_id
       OR NEW.day_of_week <> OLD.day_of_week THEN
        CALL tally_pair('recurring', OLD.teacher_id, OLD.group_id, OLD.day_of_week, -1);
        CALL tally_pair('recurring', NEW.teacher_id, NEW.group_id, NEW.day_of_week, 1);
    END IF;
END//
CREATE TRIGGER tally_rl_del AFTER DELETE ON schedule_recurringlesson FOR EACH ROW
    CALL tally_pair('recurring', OLD.teacher_id, OLD.group_id, OLD.day_of_week, -1)//

-- Groups and their members.
CREATE TRIGGER tally_group_ins AFTER INSERT ON schedule_group FOR EACH ROW
    CALL tally_owned('group', NEW.teacher_id, '', 1)//
CREATE TRIGGER tally_group_upd AFTER UPDATE ON schedule_group FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id THEN
        CALL tally_owned('group', OLD.teacher_id, '', -1);
        CALL tally_owned('group', NEW.teacher_id, '', 1);
    END IF;
END//
CREATE TRIGGER tally_group_del BEFORE DELETE ON schedule_group FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT IGNORE INTO list_tally_scratch (conn, lesson_id)
            SELECT CONNECTION_ID(), l.id FROM schedule_lesson l WHERE l.group_id = OLD.id;
        CALL tally_drop_lessons(0);
        CALL tally_drop_owned(OLD.id, 0);
    END IF;
END//
CREATE TRIGGER tally_member_ins AFTER INSERT ON schedule_group_students FOR EACH ROW
    CALL tally_one('member', NEW.customuser_id, 1)//
CREATE TRIGGER tally_member_upd AFTER UPDATE ON schedule_group_students FOR EACH ROW
BEGIN
    IF NEW.customuser_id <> OLD.customuser_id THEN
        CALL tally_one('member', OLD.customuser_id, -1);
        CALL tally_one('member', NEW.customuser_id, 1);
    END IF;
END//
CREATE TRIGGER tally_member_del AFTER DELETE ON schedule_group_students FOR EACH ROW
    CALL tally_one('member', OLD.customuser_id, -1)//

-- Individual invite codes and who redeemed them.
CREATE TRIGGER tally_icode_ins AFTER INSERT ON schedule_individualinvitecode FOR EACH ROW
    CALL tally_owned('icode', NEW.teacher_id, '', 1)//
CREATE TRIGGER tally_icode_del BEFORE DELETE ON schedule_individualinvitecode FOR EACH ROW
BEGIN
    CALL tally_owned('icode', OLD.teacher_id, '', -1);
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, n)
        SELECT 'icode_used', u.student_id, -COUNT(*) FROM schedule_invitecode_use u
        WHERE u.code_id = OLD.id AND u.student_id IS NOT NULL GROUP BY 2 ORDER BY 2
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//
CREATE TRIGGER tally_use_ins AFTER INSERT ON schedule_invitecode_use FOR EACH ROW
BEGIN
    IF NEW.student_id IS NOT NULL THEN
        CALL tally_one('icode_used', NEW.student_id, 1);
    END IF;
END//
CREATE TRIGGER tally_use_upd AFTER UPDATE ON schedule_invitecode_use FOR EACH ROW
BEGIN
    IF NOT (NEW.student_id <=> OLD.student_id) THEN
        IF OLD.student_id IS NOT NULL THEN
            CALL tally_one('icode_used', OLD.student_id, -1);
        END IF;
        IF NEW.student_id IS NOT NULL THEN
            CALL tally_one('icode_used', NEW.student_id, 1);
        END IF;
    END IF;
END//
CREATE TRIGGER tally_use_del AFTER DELETE ON schedule_invitecode_use FOR EACH ROW
BEGIN
    IF OLD.student_id IS NOT NULL THEN
        CALL tally_one('icode_used', OLD.student_id, -1);
    END IF;
END//

-- Notifications.
CREATE TRIGGER tally_note_ins AFTER INSERT ON notification FOR EACH ROW
    CALL tally_notification(NEW.user_id, NEW.read_at IS NULL, 1)//
CREATE TRIGGER tally_note_upd AFTER UPDATE ON notification FOR EACH ROW
BEGIN
    IF NEW.user_id <> OLD.user_id OR (NEW.read_at IS NULL) <> (OLD.read_at IS NULL) THEN
        CALL tally_notification(OLD.user_id, OLD.read_at IS NULL, -1);
        CALL tally_notification(NEW.user_id, NEW.read_at IS NULL, 1);
    END IF;
END//
CREATE TRIGGER tally_note_del AFTER DELETE ON notification FOR EACH ROW
    CALL tally_notification(OLD.user_id, OLD.read_at IS NULL, -1)//

-- The audit log.
CREATE TRIGGER tally_audit_ins AFTER INSERT ON schedule_auditlog FOR EACH ROW
    CALL tally_dated('audit', NEW.user_id, NEW.action, NEW.timestamp, 1)//
CREATE TRIGGER tally_audit_upd AFTER UPDATE ON schedule_auditlog FOR EACH ROW
BEGIN
    IF NOT (NEW.user_id <=> OLD.user_id) OR NEW.action <> OLD.action
       OR NEW.timestamp <> OLD.timestamp THEN
        CALL tally_dated('audit', OLD.user_id, OLD.action, OLD.timestamp, -1);
        CALL tally_dated('audit', NEW.user_id, NEW.action, NEW.timestamp, 1);
    END IF;
END//
CREATE TRIGGER tally_audit_del AFTER DELETE ON schedule_auditlog FOR EACH ROW
    CALL tally_dated('audit', OLD.user_id, OLD.action, OLD.timestamp, -1)//

-- The Zoom pool's accounts.
CREATE TRIGGER tally_pool_ins AFTER INSERT ON zoom_pool_zoomaccount FOR EACH ROW
    CALL tally_owned('pool', 0, IF(NEW.is_active, 'active', ''), 1)//
CREATE TRIGGER tally_pool_upd AFTER UPDATE ON zoom_pool_zoomaccount FOR EACH ROW
BEGIN
    IF (NEW.is_active <> 0) <> (OLD.is_active <> 0) THEN
        CALL tally_owned('pool', 0, IF(OLD.is_active, 'active', ''), -1);
        CALL tally_owned('pool', 0, IF(NEW.is_active, 'active', ''), 1);
    END IF;
END//
CREATE TRIGGER tally_pool_del AFTER DELETE ON zoom_pool_zoomaccount FOR EACH ROW
    CALL tally_owned('pool', 0, IF(OLD.is_active, 'active', ''), -1)//

-- Users, and everything a deleted user takes with them.
CREATE TRIGGER tally_user_ins AFTER INSERT ON accounts_customuser FOR EACH ROW
    CALL tally_dated('user', NULL, NEW.role, NEW.created_at, 1)//
CREATE TRIGGER tally_user_upd AFTER UPDATE ON accounts_customuser FOR EACH ROW
BEGIN
    IF NEW.role <> OLD.role OR NEW.created_at <> OLD.created_at THEN
        CALL tally_dated('user', NULL, OLD.role, OLD.created_at, -1);
        CALL tally_dated('user', NULL, NEW.role, NEW.created_at, 1);
    END IF;
END//
CREATE TRIGGER tally_user_del BEFORE DELETE ON accounts_customuser FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT IGNORE INTO list_tally_scratch (conn, lesson_id)
            SELECT CONNECTION_ID(), l.id FROM schedule_lesson l WHERE l.teacher_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch (conn, lesson_id)
            SELECT CONNECTION_ID(), l.id FROM schedule_group x
            JOIN schedule_lesson l ON l.group_id = x.id WHERE x.teacher_id = OLD.id;
        CALL tally_drop_lessons(OLD.id);
        CALL tally_drop_owned(0, OLD.id);
        CALL tally_dated('user', NULL, OLD.role, OLD.created_at, -1);
    END IF;
END//

DELIMITER ;

CALL tally_rebuild();
