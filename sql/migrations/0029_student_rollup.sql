-- The student's summary (PHASE2-3.md 2.6, /api/student-stats/summary/) at the cost of a
-- few rows a group, whatever the group's history (issue 15): what the group's all-time
-- report (src/domain/report.c) adds up for one student is kept per student and group by
-- triggers, in the same transaction as the writes.
--
-- student_rollup, per group, by the UTC day or month its lessons end in (lvl 0, 1: at is
-- that day, that month's first) or in all (lvl 2, at 1970-01-01), of the lessons not
-- cancelled:
--   student 0:  held       the lessons ("held" depends on the clock: all-time less what
--                          ends from today on, plus today's lessons ended by now, as the
--                          teacher's summary does, 0027)
--   a student:  present    their marks present or late; absent; excused
-- and, in the all-time rows only, the group's homework (not drafts) as the report counts
-- it: a homework reaches the whole group by an assignment row of the group without a
-- student, or, when it has no assignment rows at all, by its lesson's group; and one
-- student of a group by an assignment row of the group naming them:
--   student 0:  assigned   homework reaching the whole group
--   a student:  assigned   homework reaching them by name only (not the whole group too)
--               submitted  of the homework reaching them there: their work handed in
--                          (submitted or graded); checked, wrong: its answers checked and
--                          wrong (any status); scored: handed in with a score; ratio: the
--                          sum of score / the homework's points (points > 0) of those.
-- student_hw_part holds what each homework gives each (group, student) of it, so that a
-- change to one homework, its assignment rows, questions or lesson takes back what that
-- homework gave and gives it again, reading only that homework's rows; a piece of work
-- adds its change to its student's rows alone.
CREATE TABLE student_rollup (
    student_id  BIGINT          NOT NULL,
    group_id    BIGINT          NOT NULL,
    lvl         TINYINT         NOT NULL,
    at          DATE            NOT NULL,
    held        BIGINT          NOT NULL DEFAULT 0,
    present     BIGINT          NOT NULL DEFAULT 0,
    absent      BIGINT          NOT NULL DEFAULT 0,
    excused     BIGINT          NOT NULL DEFAULT 0,
    assigned    BIGINT          NOT NULL DEFAULT 0,
    submitted   BIGINT          NOT NULL DEFAULT 0,
    checked     BIGINT          NOT NULL DEFAULT 0,
    wrong       BIGINT          NOT NULL DEFAULT 0,
    scored      BIGINT          NOT NULL DEFAULT 0,
    ratio       DECIMAL(65, 30) NOT NULL DEFAULT 0,
    PRIMARY KEY (student_id, group_id, lvl, at),
    KEY ix_student_rollup_group (group_id)
) ENGINE=InnoDB;

CREATE TABLE student_hw_part (
    homework_id BIGINT          NOT NULL,
    student_id  BIGINT          NOT NULL,
    group_id    BIGINT          NOT NULL,
    assigned    BIGINT          NOT NULL DEFAULT 0,
    submitted   BIGINT          NOT NULL DEFAULT 0,
    checked     BIGINT          NOT NULL DEFAULT 0,
    wrong       BIGINT          NOT NULL DEFAULT 0,
    scored      BIGINT          NOT NULL DEFAULT 0,
    ratio       DECIMAL(65, 30) NOT NULL DEFAULT 0,
    PRIMARY KEY (homework_id, student_id, group_id),
    KEY ix_student_hw_part_group (group_id),
    KEY ix_student_hw_part_student (student_id)
) ENGINE=InnoDB;

-- The homework to give again after a user's deletion (what its foreign keys took).
CREATE TABLE student_hw_scratch (
    conn        BIGINT  NOT NULL,
    kind        CHAR(1) NOT NULL,       -- h: a homework, g: a group gone
    id          BIGINT  NOT NULL,
    PRIMARY KEY (conn, kind, id)
) ENGINE=InnoDB;

-- The summary's lessons ending today by now, per group.
ALTER TABLE schedule_lesson
    ADD KEY ix_lesson_group_end (group_id, end_time, cancelled_at);

-- Like the tallies (0015), everything here does nothing while @tpanel_tally_off is set;
-- a bulk load calls student_rebuild() at the end. Rows are locked student first, then
-- group, all-time row first.

DELIMITER //

-- Lesson l as it is now (group, end, cancelled): its held count and its marks, d times.
CREATE PROCEDURE student_lesson(l BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO student_rollup (student_id, group_id, lvl, at, held, present, absent,
            excused)
        SELECT y.s, x.group_id, k.lvl, CASE k.lvl WHEN 0 THEN DATE(x.end_time)
            WHEN 1 THEN DATE_FORMAT(x.end_time, '%Y-%m-01') ELSE '1970-01-01' END,
            d * y.held, d * y.p, d * y.a, d * y.e
        FROM schedule_lesson x
        JOIN (SELECT 0 AS s, 1 AS held, 0 AS p, 0 AS a, 0 AS e
              UNION ALL SELECT a.student_id, 0, a.status IN ('present', 'late'),
                  a.status = 'absent', a.status = 'excused'
              FROM schedule_attendance a WHERE a.lesson_id = l) y
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0
        WHERE x.id = l AND x.cancelled_at IS NULL
        ORDER BY 1, 2, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            student_rollup.held = student_rollup.held + VALUES(held),
            student_rollup.present = student_rollup.present + VALUES(present),
            student_rollup.absent = student_rollup.absent + VALUES(absent),
            student_rollup.excused = student_rollup.excused + VALUES(excused);
    END IF;
END//

-- A mark (student s, lesson l, status st), d times.
CREATE PROCEDURE student_mark(s BIGINT, l BIGINT, st VARCHAR(10), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO student_rollup (student_id, group_id, lvl, at, present, absent,
            excused)
        SELECT s, x.group_id, k.lvl, CASE k.lvl WHEN 0 THEN DATE(x.end_time)
            WHEN 1 THEN DATE_FORMAT(x.end_time, '%Y-%m-01') ELSE '1970-01-01' END,
            d * (st IN ('present', 'late')), d * (st = 'absent'), d * (st = 'excused')
        FROM schedule_lesson x
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0
        WHERE x.id = l AND x.cancelled_at IS NULL ORDER BY k.lvl DESC
        ON DUPLICATE KEY UPDATE
            student_rollup.present = student_rollup.present + VALUES(present),
            student_rollup.absent = student_rollup.absent + VALUES(absent),
            student_rollup.excused = student_rollup.excused + VALUES(excused);
    END IF;
END//

-- Homework h reaches the whole of group g (above).
CREATE FUNCTION student_hw_group(h BIGINT, g BIGINT) RETURNS INT READS SQL DATA
    RETURN EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = h
            AND a.group_id = g AND a.student_id IS NULL)
        OR (NOT EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = h)
            AND EXISTS (SELECT 1 FROM homework_homework x JOIN schedule_lesson l
                ON l.id = x.lesson_id WHERE x.id = h AND l.group_id = g))//

-- What homework h gave, d times, into the rollups.
CREATE PROCEDURE student_hw_add(h BIGINT, d INT)
    INSERT INTO student_rollup (student_id, group_id, lvl, at, assigned, submitted,
        checked, wrong, scored, ratio)
    SELECT p.student_id, p.group_id, 2, '1970-01-01', d * p.assigned, d * p.submitted,
        d * p.checked, d * p.wrong, d * p.scored, d * p.ratio
    FROM student_hw_part p WHERE p.homework_id = h
    ORDER BY p.student_id, p.group_id
    ON DUPLICATE KEY UPDATE
        student_rollup.assigned = student_rollup.assigned + VALUES(assigned),
        student_rollup.submitted = student_rollup.submitted + VALUES(submitted),
        student_rollup.checked = student_rollup.checked + VALUES(checked),
        student_rollup.wrong = student_rollup.wrong + VALUES(wrong),
        student_rollup.scored = student_rollup.scored + VALUES(scored),
        student_rollup.ratio = student_rollup.ratio + VALUES(ratio)//

-- Homework h's parts taken back, then given again as the rows are now (after a change to
-- the homework, its assignment rows, questions or lesson). The pairs: each group h
-- reaches whole (student 0), each assignment row naming a student in a group, and each
-- group h reaches whole with each student's work on h; each pair's figures as
-- student_work gives them.
CREATE PROCEDURE student_hw(h BIGINT)
BEGIN
    DECLARE pts BIGINT;
    IF @tpanel_tally_off IS NULL THEN
        CALL student_hw_add(h, -1);
        DELETE FROM student_hw_part WHERE homework_id = h;
        IF EXISTS (SELECT 1 FROM homework_homework x WHERE x.id = h
                   AND x.status <> 'draft') THEN
            SET pts = (SELECT COALESCE(SUM(q.points), 0) FROM homework_question q
                WHERE q.homework_id = h);
            INSERT INTO student_hw_part (homework_id, student_id, group_id, assigned,
                submitted, checked, wrong, scored, ratio)
            SELECT h, y.sid, y.g,
                IF(y.sid = 0, 1, y.own AND NOT student_hw_group(h, y.g)),
                COALESCE(student_done(w.status), 0), COALESCE(w.checked_count, 0),
                COALESCE(w.wrong_count, 0),
                COALESCE(student_scored(w.status, w.score_override, w.total_score), 0),
                COALESCE(student_ratio(w.status, w.score_override, w.total_score, pts), 0)
            FROM (SELECT z.g, z.sid, MAX(z.own) AS own FROM (
                    SELECT r.group_id AS g, 0 AS sid, 0 AS own FROM (
                        SELECT a.group_id FROM homework_assignment a
                        WHERE a.homework_id = h AND a.group_id IS NOT NULL
                            AND a.student_id IS NULL
                        UNION SELECT l.group_id FROM homework_homework x
                        JOIN schedule_lesson l ON l.id = x.lesson_id WHERE x.id = h
                            AND NOT EXISTS (SELECT 1 FROM homework_assignment a
                                WHERE a.homework_id = h)) r
                    UNION ALL SELECT a.group_id, a.student_id, 1
                    FROM homework_assignment a WHERE a.homework_id = h
                        AND a.group_id IS NOT NULL AND a.student_id IS NOT NULL
                    UNION ALL SELECT r.group_id, w.student_id, 0 FROM (
                        SELECT a.group_id FROM homework_assignment a
                        WHERE a.homework_id = h AND a.group_id IS NOT NULL
                            AND a.student_id IS NULL
                        UNION SELECT l.group_id FROM homework_homework x
                        JOIN schedule_lesson l ON l.id = x.lesson_id WHERE x.id = h
                            AND NOT EXISTS (SELECT 1 FROM homework_assignment a
                                WHERE a.homework_id = h)) r
                    JOIN homework_studentsubmission w ON w.homework_id = h) z
                  GROUP BY z.g, z.sid) y
            LEFT JOIN homework_studentsubmission w ON y.sid <> 0 AND w.homework_id = h
                AND w.student_id = y.sid;
            CALL student_hw_add(h, 1);
        END IF;
    END IF;
END//

-- A piece of work's figures (handed in: submitted or graded; scored: handed in with a
-- score, the override else the total; its score / the homework's points pts).
CREATE FUNCTION student_done(st VARCHAR(12)) RETURNS INT DETERMINISTIC
    RETURN st IN ('submitted', 'graded')//
CREATE FUNCTION student_scored(st VARCHAR(12), overridden INT, total INT)
    RETURNS INT DETERMINISTIC
    RETURN st IN ('submitted', 'graded') AND COALESCE(overridden, total, -1) >= 0//
CREATE FUNCTION student_ratio(st VARCHAR(12), overridden INT, total INT, pts BIGINT)
    RETURNS DECIMAL(65, 30) DETERMINISTIC
    RETURN IF(st IN ('submitted', 'graded') AND pts > 0
        AND COALESCE(overridden, total, -1) >= 0,
        CAST(COALESCE(overridden, total) AS DECIMAL(65, 30)) / pts, 0)//

-- Student s's work on homework h (status st, score override o, total score t, answers
-- checked chk and wrong wr), d times, in each group h reaches them through. It writes
-- that student's rows only, by their keys, and deletes nothing, so classmates handing in
-- the same homework at once never lock each other's rows or the gaps between them.
CREATE PROCEDURE student_work(h BIGINT, s BIGINT, st VARCHAR(12), o INT, t INT, chk INT,
    wr INT, d INT)
BEGIN
    DECLARE pts BIGINT;
    IF @tpanel_tally_off IS NULL THEN
        SET pts = (SELECT COALESCE(SUM(q.points), 0) FROM homework_question q
            WHERE q.homework_id = h);
        INSERT INTO student_hw_part (homework_id, student_id, group_id, submitted,
            checked, wrong, scored, ratio)
        SELECT h, s, g.group_id, d * student_done(st), d * chk, d * wr,
            d * student_scored(st, o, t), d * student_ratio(st, o, t, pts)
        FROM (SELECT r.group_id FROM (
                  SELECT a.group_id FROM homework_assignment a WHERE a.homework_id = h
                      AND a.group_id IS NOT NULL AND a.student_id IS NULL
                  UNION SELECT l.group_id FROM homework_homework x
                  JOIN schedule_lesson l ON l.id = x.lesson_id WHERE x.id = h
                      AND NOT EXISTS (SELECT 1 FROM homework_assignment a
                          WHERE a.homework_id = h)) r
              UNION SELECT a.group_id FROM homework_assignment a WHERE a.homework_id = h
                  AND a.student_id = s AND a.group_id IS NOT NULL) g
        WHERE EXISTS (SELECT 1 FROM homework_homework x WHERE x.id = h
                      AND x.status <> 'draft')
        ORDER BY g.group_id
        ON DUPLICATE KEY UPDATE
            student_hw_part.submitted = student_hw_part.submitted + VALUES(submitted),
            student_hw_part.checked = student_hw_part.checked + VALUES(checked),
            student_hw_part.wrong = student_hw_part.wrong + VALUES(wrong),
            student_hw_part.scored = student_hw_part.scored + VALUES(scored),
            student_hw_part.ratio = student_hw_part.ratio + VALUES(ratio);
        INSERT INTO student_rollup (student_id, group_id, lvl, at, submitted, checked,
            wrong, scored, ratio)
        SELECT s, g.group_id, 2, '1970-01-01', d * student_done(st), d * chk, d * wr,
            d * student_scored(st, o, t), d * student_ratio(st, o, t, pts)
        FROM (SELECT r.group_id FROM (
                  SELECT a.group_id FROM homework_assignment a WHERE a.homework_id = h
                      AND a.group_id IS NOT NULL AND a.student_id IS NULL
                  UNION SELECT l.group_id FROM homework_homework x
                  JOIN schedule_lesson l ON l.id = x.lesson_id WHERE x.id = h
                      AND NOT EXISTS (SELECT 1 FROM homework_assignment a
                          WHERE a.homework_id = h)) r
              UNION SELECT a.group_id FROM homework_assignment a WHERE a.homework_id = h
                  AND a.student_id = s AND a.group_id IS NOT NULL) g
        WHERE EXISTS (SELECT 1 FROM homework_homework x WHERE x.id = h
                      AND x.status <> 'draft')
        ORDER BY g.group_id
        ON DUPLICATE KEY UPDATE
            student_rollup.submitted = student_rollup.submitted + VALUES(submitted),
            student_rollup.checked = student_rollup.checked + VALUES(checked),
            student_rollup.wrong = student_rollup.wrong + VALUES(wrong),
            student_rollup.scored = student_rollup.scored + VALUES(scored),
            student_rollup.ratio = student_rollup.ratio + VALUES(ratio);
    END IF;
END//

-- Every homework with a part in group g (0: none) or for student u (0: none), given
-- again (after what foreign keys took with the group or the user).
CREATE PROCEDURE student_hw_redo(g BIGINT, u BIGINT)
BEGIN
    DECLARE done INT DEFAULT 0;
    DECLARE h BIGINT;
    DECLARE c CURSOR FOR SELECT p.homework_id FROM student_hw_part p WHERE p.group_id = g
        UNION SELECT p.homework_id FROM student_hw_part p
            WHERE p.student_id = u AND u <> 0
        UNION SELECT x.id FROM student_hw_scratch x WHERE x.conn = CONNECTION_ID()
            AND x.kind = 'h'
        ORDER BY 1;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    OPEN c;
    l: LOOP
        FETCH c INTO h;
        IF done THEN
            LEAVE l;
        END IF;
        CALL student_hw(h);
    END LOOP;
    CLOSE c;
END//

-- Every row again from the lessons, marks, homework and work: after a bulk load with
-- @tpanel_tally_off set (bench/bigschool*.sql), or to check the triggers (tests).
CREATE PROCEDURE student_rebuild()
BEGIN
    DECLARE done INT DEFAULT 0;
    DECLARE h BIGINT;
    DECLARE c CURSOR FOR SELECT x.id FROM homework_homework x WHERE x.status <> 'draft'
        ORDER BY x.id;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    DELETE FROM student_rollup;
    DELETE FROM student_hw_part;
    INSERT INTO student_rollup (student_id, group_id, lvl, at, held)
    SELECT 0, l.group_id, 0, DATE(l.end_time), COUNT(*) FROM schedule_lesson l
    WHERE l.cancelled_at IS NULL GROUP BY 2, 4;
    INSERT INTO student_rollup (student_id, group_id, lvl, at, present, absent, excused)
    SELECT a.student_id, l.group_id, 0, DATE(l.end_time),
        SUM(a.status IN ('present', 'late')), SUM(a.status = 'absent'),
        SUM(a.status = 'excused')
    FROM schedule_attendance a JOIN schedule_lesson l ON l.id = a.lesson_id
    WHERE l.cancelled_at IS NULL GROUP BY 1, 2, 4;
    INSERT INTO student_rollup (student_id, group_id, lvl, at, held, present, absent,
        excused)
    SELECT student_id, group_id, 1, DATE_FORMAT(at, '%Y-%m-01'), SUM(held), SUM(present),
        SUM(absent), SUM(excused)
    FROM student_rollup WHERE lvl = 0 GROUP BY 1, 2, 4;
    INSERT INTO student_rollup (student_id, group_id, lvl, at, held, present, absent,
        excused)
    SELECT student_id, group_id, 2, '1970-01-01', SUM(held), SUM(present), SUM(absent),
        SUM(excused)
    FROM student_rollup WHERE lvl = 1 GROUP BY 1, 2;
    -- One homework at a time, by the triggers' own definition.
    OPEN c;
    l: LOOP
        FETCH c INTO h;
        IF done THEN
            LEAVE l;
        END IF;
        CALL student_hw(h);
    END LOOP;
    CLOSE c;
END//

-- Lessons: a change of group, end day or cancellation takes the lesson's part before and
-- gives it after; a lesson's homework without assignment rows follows its group.
CREATE TRIGGER student_lesson_ins AFTER INSERT ON schedule_lesson FOR EACH ROW
    CALL student_lesson(NEW.id, 1)//
CREATE TRIGGER student_lesson_bupd BEFORE UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    IF NEW.group_id <> OLD.group_id OR DATE(NEW.end_time) <> DATE(OLD.end_time)
       OR (NEW.cancelled_at IS NULL) <> (OLD.cancelled_at IS NULL) THEN
        CALL student_lesson(OLD.id, -1);
    END IF;
END//
CREATE TRIGGER student_lesson_upd AFTER UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    DECLARE done INT DEFAULT 0;
    DECLARE h BIGINT;
    DECLARE c CURSOR FOR SELECT x.id FROM homework_homework x WHERE x.lesson_id = NEW.id;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    IF NEW.group_id <> OLD.group_id OR DATE(NEW.end_time) <> DATE(OLD.end_time)
       OR (NEW.cancelled_at IS NULL) <> (OLD.cancelled_at IS NULL) THEN
        CALL student_lesson(NEW.id, 1);
    END IF;
    IF NEW.group_id <> OLD.group_id AND @tpanel_tally_off IS NULL THEN
        OPEN c;
        l: LOOP
            FETCH c INTO h;
            IF done THEN
                LEAVE l;
            END IF;
            CALL student_hw(h);
        END LOOP;
        CLOSE c;
    END IF;
END//
-- A deleted lesson's marks go with it; its homework loses its lesson (SET NULL, no
-- trigger): one without assignment rows then reaches no one, so its part is taken.
CREATE TRIGGER student_lesson_del BEFORE DELETE ON schedule_lesson FOR EACH ROW
BEGIN
    DECLARE done INT DEFAULT 0;
    DECLARE h BIGINT;
    DECLARE c CURSOR FOR SELECT x.id FROM homework_homework x WHERE x.lesson_id = OLD.id
        AND NOT EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = x.id);
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    CALL student_lesson(OLD.id, -1);
    IF @tpanel_tally_off IS NULL THEN
        OPEN c;
        l: LOOP
            FETCH c INTO h;
            IF done THEN
                LEAVE l;
            END IF;
            CALL student_hw_add(h, -1);
            DELETE FROM student_hw_part WHERE homework_id = h;
        END LOOP;
        CLOSE c;
    END IF;
END//

-- Marks.
CREATE TRIGGER student_att_ins AFTER INSERT ON schedule_attendance FOR EACH ROW
    CALL student_mark(NEW.student_id, NEW.lesson_id, NEW.status, 1)//
CREATE TRIGGER student_att_upd AFTER UPDATE ON schedule_attendance FOR EACH ROW
BEGIN
    IF NEW.student_id <> OLD.student_id OR NEW.lesson_id <> OLD.lesson_id
       OR NEW.status <> OLD.status THEN
        CALL student_mark(OLD.student_id, OLD.lesson_id, OLD.status, -1);
        CALL student_mark(NEW.student_id, NEW.lesson_id, NEW.status, 1);
    END IF;
END//
CREATE TRIGGER student_att_del AFTER DELETE ON schedule_attendance FOR EACH ROW
    CALL student_mark(OLD.student_id, OLD.lesson_id, OLD.status, -1)//

-- Homework: published or back to draft, moved to another lesson, deleted (its rows and
-- work go by foreign keys).
CREATE TRIGGER student_hw_ins AFTER INSERT ON homework_homework FOR EACH ROW
    CALL student_hw(NEW.id)//
CREATE TRIGGER student_hw_upd AFTER UPDATE ON homework_homework FOR EACH ROW
BEGIN
    IF (NEW.status = 'draft') <> (OLD.status = 'draft')
       OR NOT (NEW.lesson_id <=> OLD.lesson_id) THEN
        CALL student_hw(NEW.id);
    END IF;
END//
CREATE TRIGGER student_hw_del BEFORE DELETE ON homework_homework FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        CALL student_hw_add(OLD.id, -1);
        DELETE FROM student_hw_part WHERE homework_id = OLD.id;
    END IF;
END//

-- Assignment rows (not their copies of the homework's status, 0028).
CREATE TRIGGER student_hwa_ins AFTER INSERT ON homework_assignment FOR EACH ROW
    CALL student_hw(NEW.homework_id)//
CREATE TRIGGER student_hwa_upd AFTER UPDATE ON homework_assignment FOR EACH ROW
BEGIN
    IF NEW.homework_id <> OLD.homework_id OR NOT (NEW.group_id <=> OLD.group_id)
       OR NOT (NEW.student_id <=> OLD.student_id) THEN
        CALL student_hw(OLD.homework_id);
        IF NEW.homework_id <> OLD.homework_id THEN
            CALL student_hw(NEW.homework_id);
        END IF;
    END IF;
END//
CREATE TRIGGER student_hwa_del AFTER DELETE ON homework_assignment FOR EACH ROW
    CALL student_hw(OLD.homework_id)//

-- Questions: the homework's points (the ratio).
CREATE TRIGGER student_hwq_ins AFTER INSERT ON homework_question FOR EACH ROW
BEGIN
    IF NEW.points <> 0 THEN
        CALL student_hw(NEW.homework_id);
    END IF;
END//
CREATE TRIGGER student_hwq_upd AFTER UPDATE ON homework_question FOR EACH ROW
BEGIN
    IF NEW.points <> OLD.points OR NEW.homework_id <> OLD.homework_id THEN
        CALL student_hw(OLD.homework_id);
        IF NEW.homework_id <> OLD.homework_id THEN
            CALL student_hw(NEW.homework_id);
        END IF;
    END IF;
END//
CREATE TRIGGER student_hwq_del AFTER DELETE ON homework_question FOR EACH ROW
BEGIN
    IF OLD.points <> 0 THEN
        CALL student_hw(OLD.homework_id);
    END IF;
END//

-- Work: one student's part of one homework, by its values before and after.
CREATE TRIGGER student_hws_ins AFTER INSERT ON homework_studentsubmission FOR EACH ROW
    CALL student_work(NEW.homework_id, NEW.student_id, NEW.status, NEW.score_override,
        NEW.total_score, NEW.checked_count, NEW.wrong_count, 1)//
CREATE TRIGGER student_hws_upd AFTER UPDATE ON homework_studentsubmission FOR EACH ROW
BEGIN
    IF NEW.homework_id <> OLD.homework_id OR NEW.student_id <> OLD.student_id
       OR NEW.status <> OLD.status OR NEW.checked_count <> OLD.checked_count
       OR NEW.wrong_count <> OLD.wrong_count
       OR NOT (NEW.score_override <=> OLD.score_override)
       OR NOT (NEW.total_score <=> OLD.total_score) THEN
        CALL student_work(OLD.homework_id, OLD.student_id, OLD.status,
            OLD.score_override, OLD.total_score, OLD.checked_count, OLD.wrong_count, -1);
        CALL student_work(NEW.homework_id, NEW.student_id, NEW.status,
            NEW.score_override, NEW.total_score, NEW.checked_count, NEW.wrong_count, 1);
    END IF;
END//
CREATE TRIGGER student_hws_del AFTER DELETE ON homework_studentsubmission FOR EACH ROW
    CALL student_work(OLD.homework_id, OLD.student_id, OLD.status, OLD.score_override,
        OLD.total_score, OLD.checked_count, OLD.wrong_count, -1)//

-- A group's deletion takes its lessons, marks and assignment rows (foreign keys, no
-- trigger): its homework is given again as the rows are now (one whose only rows were
-- the group's may now reach its lesson's group), and the group's rows go.
CREATE TRIGGER student_group_del AFTER DELETE ON schedule_group FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        CALL student_hw_redo(OLD.id, 0);
        DELETE FROM student_rollup WHERE group_id = OLD.id;
    END IF;
END//

-- A user's deletion takes, as a teacher, their groups, lessons (in others' groups too)
-- and homework, and as a student their marks, work and assignment rows. Before: the
-- lessons they taught in others' groups are taken back, and what to give again after
-- noted (their groups; the homework of those groups, of their lessons, their own, those
-- naming them in an assignment row, and those with a part for them).
CREATE TRIGGER student_user_bdel BEFORE DELETE ON accounts_customuser FOR EACH ROW
BEGIN
    DECLARE done INT DEFAULT 0;
    DECLARE les BIGINT;
    DECLARE c CURSOR FOR SELECT x.id FROM schedule_lesson x JOIN schedule_group y
        ON y.id = x.group_id WHERE x.teacher_id = OLD.id AND y.teacher_id <> OLD.id;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;
    IF @tpanel_tally_off IS NULL THEN
        OPEN c;
        r: LOOP
            FETCH c INTO les;
            IF done THEN
                LEAVE r;
            END IF;
            CALL student_lesson(les, -1);
        END LOOP;
        CLOSE c;
        DELETE FROM student_hw_scratch WHERE conn = CONNECTION_ID();
        INSERT IGNORE INTO student_hw_scratch (conn, kind, id)
        SELECT CONNECTION_ID(), 'g', y.id FROM schedule_group y
            WHERE y.teacher_id = OLD.id
        UNION SELECT CONNECTION_ID(), 'h', p.homework_id FROM schedule_group y
            JOIN student_hw_part p ON p.group_id = y.id WHERE y.teacher_id = OLD.id
        UNION SELECT CONNECTION_ID(), 'h', x.id FROM homework_homework x
            WHERE x.teacher_id = OLD.id
        UNION SELECT CONNECTION_ID(), 'h', x.id FROM schedule_lesson l
            JOIN homework_homework x ON x.lesson_id = l.id WHERE l.teacher_id = OLD.id
        UNION SELECT CONNECTION_ID(), 'h', a.homework_id FROM homework_assignment a
            WHERE a.student_id = OLD.id;
    END IF;
END//
CREATE TRIGGER student_user_del AFTER DELETE ON accounts_customuser FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        CALL student_hw_redo(0, OLD.id);
        DELETE FROM student_rollup WHERE student_id = OLD.id;
        DELETE r FROM student_hw_scratch x JOIN student_rollup r ON r.group_id = x.id
        WHERE x.conn = CONNECTION_ID() AND x.kind = 'g';
        DELETE FROM student_hw_scratch WHERE conn = CONNECTION_ID();
    END IF;
END//

DELIMITER ;

CALL student_rebuild();
