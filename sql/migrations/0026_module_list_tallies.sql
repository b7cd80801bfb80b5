-- Tallies of the modules' lists (docs/lists.md "Counts"), kept by triggers in the same
-- transaction as the writes, as 0015's:
--   homework   a teacher,                      c status
--   hw_sub     a teacher, b student,           c status    (submissions)
--   hw_sub_g   a teacher, b group (-1: none),  c status    (submissions by group)
--   cp         a teacher, b group                          (control points)
--   cpr        a teacher, b student                        (control point results)
-- A student's control points sum ('cp', 0, g) over their groups. What is counted from an
-- index range instead, bounded by something other than the history: one homework's
-- submissions (its students), one control point's results (its group), a student's
-- homework (what was assigned to them) and submissions within one group, a user's chats
-- (the people and groups they talk with).

DELIMITER //

-- A row of a list with two owners and no value, in all its combinations with "any".
CREATE PROCEDURE tally_two(l VARCHAR(16), o1 BIGINT, o2 BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, n)
        SELECT l, IF(k.ka, o1, 0), IF(k.kb, o2, 0), d
        FROM list_tally_combo k WHERE k.kc = 0 AND k.lvl = 2 ORDER BY 2, 3
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
END//

-- A submission (teacher t, student s, group g or NULL, status st) counted d times.
CREATE PROCEDURE tally_submission(t BIGINT, s BIGINT, g BIGINT, st VARCHAR(50), d INT)
BEGIN
    CALL tally_pair('hw_sub', t, s, st, d);
    CALL tally_pair('hw_sub_g', t, COALESCE(g, -1), st, d);
END//

-- Subtract, set-based, what a foreign key is about to delete without triggers: the
-- submissions, control points and results chosen by the scratch rows of this connection
-- (kind 's' submission, 'c' control point, 'r' result), then forget them.
CREATE TABLE list_tally_scratch2 (
    conn  BIGINT UNSIGNED NOT NULL,
    kind  CHAR(1)         NOT NULL,
    id    BIGINT          NOT NULL,
    PRIMARY KEY (conn, kind, id)
) ENGINE=InnoDB//

CREATE PROCEDURE tally_drop_module_rows()
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT x.l, IF(k.ka, x.t, 0), IF(k.kb, x.o, 0), IF(k.kc, x.st, ''), -SUM(x.n)
        FROM (SELECT 'hw_sub' AS l, s.teacher_id AS t, s.student_id AS o, s.status AS st,
                  COUNT(*) AS n
              FROM list_tally_scratch2 z JOIN homework_studentsubmission s ON s.id = z.id
              WHERE z.conn = CONNECTION_ID() AND z.kind = 's' GROUP BY 2, 3, 4
              UNION ALL
              SELECT 'hw_sub_g', s.teacher_id, COALESCE(s.group_id, -1), s.status, COUNT(*)
              FROM list_tally_scratch2 z JOIN homework_studentsubmission s ON s.id = z.id
              WHERE z.conn = CONNECTION_ID() AND z.kind = 's' GROUP BY 2, 3, 4) x
        JOIN list_tally_combo k ON k.lvl = 2
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT INTO list_tally (list, a, b, n)
        SELECT x.l, IF(k.ka, x.t, 0), IF(k.kb, x.o, 0), -SUM(x.n)
        FROM (SELECT 'cp' AS l, c.teacher_id AS t, c.group_id AS o, COUNT(*) AS n
              FROM list_tally_scratch2 z JOIN analytics_controlpoint c ON c.id = z.id
              WHERE z.conn = CONNECTION_ID() AND z.kind = 'c' GROUP BY 2, 3
              UNION ALL
              SELECT 'cpr', r.teacher_id, r.student_id, COUNT(*)
              FROM list_tally_scratch2 z JOIN analytics_controlpointresult r ON r.id = z.id
              WHERE z.conn = CONNECTION_ID() AND z.kind = 'r' GROUP BY 2, 3) x
        JOIN list_tally_combo k ON k.kc = 0 AND k.lvl = 2
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
    END IF;
    DELETE FROM list_tally_scratch2 WHERE conn = CONNECTION_ID();
END//

-- Homework.
CREATE TRIGGER tally_hw_ins AFTER INSERT ON homework_homework FOR EACH ROW
    CALL tally_owned('homework', NEW.teacher_id, NEW.status, 1)//
CREATE TRIGGER tally_hw_upd AFTER UPDATE ON homework_homework FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.status <> OLD.status THEN
        CALL tally_owned('homework', OLD.teacher_id, OLD.status, -1);
        CALL tally_owned('homework', NEW.teacher_id, NEW.status, 1);
    END IF;
END//
CREATE TRIGGER tally_hw_del BEFORE DELETE ON homework_homework FOR EACH ROW
BEGIN
    CALL tally_owned('homework', OLD.teacher_id, OLD.status, -1);
    IF @tpanel_tally_off IS NULL THEN
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 's', s.id FROM homework_studentsubmission s
            WHERE s.homework_id = OLD.id;
        CALL tally_drop_module_rows();
    END IF;
END//

-- Submissions.
CREATE TRIGGER tally_hws_ins AFTER INSERT ON homework_studentsubmission FOR EACH ROW
    CALL tally_submission(NEW.teacher_id, NEW.student_id, NEW.group_id, NEW.status, 1)//
CREATE TRIGGER tally_hws_upd AFTER UPDATE ON homework_studentsubmission FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.student_id <> OLD.student_id
       OR NOT (NEW.group_id <=> OLD.group_id) OR NEW.status <> OLD.status THEN
        CALL tally_submission(OLD.teacher_id, OLD.student_id, OLD.group_id, OLD.status, -1);
        CALL tally_submission(NEW.teacher_id, NEW.student_id, NEW.group_id, NEW.status, 1);
    END IF;
END//
CREATE TRIGGER tally_hws_del AFTER DELETE ON homework_studentsubmission FOR EACH ROW
    CALL tally_submission(OLD.teacher_id, OLD.student_id, OLD.group_id, OLD.status, -1)//

-- Control points and their results.
CREATE TRIGGER tally_cp_ins AFTER INSERT ON analytics_controlpoint FOR EACH ROW
    CALL tally_two('cp', NEW.teacher_id, NEW.group_id, 1)//
CREATE TRIGGER tally_cp_upd AFTER UPDATE ON analytics_controlpoint FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.group_id <> OLD.group_id THEN
        CALL tally_two('cp', OLD.teacher_id, OLD.group_id, -1);
        CALL tally_two('cp', NEW.teacher_id, NEW.group_id, 1);
    END IF;
END//
CREATE TRIGGER tally_cp_del BEFORE DELETE ON analytics_controlpoint FOR EACH ROW
BEGIN
    CALL tally_two('cp', OLD.teacher_id, OLD.group_id, -1);
    IF @tpanel_tally_off IS NULL THEN
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'r', r.id FROM analytics_controlpointresult r
            WHERE r.control_point_id = OLD.id;
        CALL tally_drop_module_rows();
    END IF;
END//
CREATE TRIGGER tally_cpr_ins AFTER INSERT ON analytics_controlpointresult FOR EACH ROW
    CALL tally_two('cpr', NEW.teacher_id, NEW.student_id, 1)//
CREATE TRIGGER tally_cpr_upd AFTER UPDATE ON analytics_controlpointresult FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.student_id <> OLD.student_id THEN
        CALL tally_two('cpr', OLD.teacher_id, OLD.student_id, -1);
        CALL tally_two('cpr', NEW.teacher_id, NEW.student_id, 1);
    END IF;
END//
CREATE TRIGGER tally_cpr_del AFTER DELETE ON analytics_controlpointresult FOR EACH ROW
    CALL tally_two('cpr', OLD.teacher_id, OLD.student_id, -1)//

-- A group takes its control points and their results with it, and leaves its
-- submissions without a group (ON DELETE SET NULL fires no trigger either).
CREATE TRIGGER tally_group_del_modules BEFORE DELETE ON schedule_group FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, b, c, n)
        SELECT 'hw_sub_g', IF(k.ka, x.t, 0), IF(k.kb, x.g, 0), IF(k.kc, x.st, ''), SUM(x.n)
        FROM (SELECT s.teacher_id AS t, s.status AS st, OLD.id AS g, -COUNT(*) AS n
              FROM homework_studentsubmission s WHERE s.group_id = OLD.id GROUP BY 1, 2
              UNION ALL
              SELECT s.teacher_id, s.status, -1, COUNT(*)
              FROM homework_studentsubmission s WHERE s.group_id = OLD.id GROUP BY 1, 2) x
        JOIN list_tally_combo k ON k.lvl = 2 AND k.kb = 1
        GROUP BY 2, 3, 4 ORDER BY 2, 3, 4
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'c', c.id FROM analytics_controlpoint c
            WHERE c.group_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'r', r.id FROM analytics_controlpoint c
            JOIN analytics_controlpointresult r ON r.control_point_id = c.id
            WHERE c.group_id = OLD.id;
        CALL tally_drop_module_rows();
    END IF;
END//

-- A user takes their homework, submissions (as teacher or student), control points and
-- results with them.
CREATE TRIGGER tally_user_del_modules BEFORE DELETE ON accounts_customuser FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO list_tally (list, a, c, n)
        SELECT 'homework', IF(k.ka, OLD.id, 0), IF(k.kc, x.st, ''), -SUM(x.n)
        FROM (SELECT h.status AS st, COUNT(*) AS n FROM homework_homework h
              WHERE h.teacher_id = OLD.id GROUP BY 1) x
        JOIN list_tally_combo k ON k.kb = 0 AND k.lvl = 2
        GROUP BY 2, 3 ORDER BY 2, 3
        ON DUPLICATE KEY UPDATE n = n + VALUES(n);
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 's', s.id FROM homework_studentsubmission s
            WHERE s.teacher_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 's', s.id FROM homework_studentsubmission s
            WHERE s.student_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'c', c.id FROM analytics_controlpoint c
            WHERE c.teacher_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'r', r.id FROM analytics_controlpointresult r
            WHERE r.teacher_id = OLD.id;
        INSERT IGNORE INTO list_tally_scratch2 (conn, kind, id)
            SELECT CONNECTION_ID(), 'r', r.id FROM analytics_controlpointresult r
            WHERE r.student_id = OLD.id;
        CALL tally_drop_module_rows();
    END IF;
END//

-- tally_rebuild() of 0015 and the lists above.
DROP PROCEDURE tally_rebuild//
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
    -- The modules' lists (0026): per owners and value, then "any".
    INSERT INTO list_tally (list, a, c, n)
    SELECT 'homework', teacher_id, status, COUNT(*) FROM homework_homework GROUP BY 2, 3;
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT 'hw_sub', teacher_id, student_id, status, COUNT(*)
    FROM homework_studentsubmission GROUP BY 2, 3, 4;
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT 'hw_sub_g', teacher_id, COALESCE(group_id, -1), status, COUNT(*)
    FROM homework_studentsubmission GROUP BY 2, 3, 4;
    INSERT INTO list_tally (list, a, b, n)
    SELECT 'cp', teacher_id, group_id, COUNT(*) FROM analytics_controlpoint GROUP BY 2, 3;
    INSERT INTO list_tally (list, a, b, n)
    SELECT 'cpr', teacher_id, student_id, COUNT(*)
    FROM analytics_controlpointresult GROUP BY 2, 3;
    INSERT INTO list_tally (list, a, b, c, n)
    SELECT t.list, IF(k.ka, t.a, 0), IF(k.kb, t.b, 0), IF(k.kc, t.c, ''), SUM(t.n)
    FROM list_tally t JOIN list_tally_combo k ON k.lvl = 2
        AND (k.kb = 0 OR t.list <> 'homework') AND (k.kc = 0 OR t.list NOT IN ('cp', 'cpr'))
    WHERE t.list IN ('homework', 'hw_sub', 'hw_sub_g', 'cp', 'cpr')
        -- every combination but the row itself
        AND NOT (k.ka = 1 AND (k.kb = 1 OR t.list = 'homework')
                 AND (k.kc = 1 OR t.list IN ('cp', 'cpr')))
    GROUP BY 1, 2, 3, 4;
END//

DELIMITER ;

CALL tally_rebuild();
