-- The teacher's summary (PHASE2-3.md 2.6) at the cost of a few rows, whatever the
-- teacher's history (issue 15): what it adds up over every lesson and every handed-in
-- work is kept per teacher by triggers, in the same transaction as the writes.

-- Per teacher, of the lessons ending in the UTC day or month starting at `at` (lvl 0, 1)
-- or in all (lvl 2, at 1970-01-01):
--   lessons   lessons                    seconds   their end - start, summed
--   live      those not cancelled        minutes   their whole minutes, summed
--   recorded  lessons with a recording
-- and, in the all-time row only, auto: the automatically scored answers of the
-- teacher's handed-in work (the submissions' auto_count where submitted_at is set).
-- "Completed" (a live lesson that has ended) depends on the clock: all-time live less
-- what ends from today on (a day's rows and the months after), plus the few lessons
-- ending today before now, read from ix_lesson_teacher_end.
CREATE TABLE summary_rollup (
    teacher_id  BIGINT   NOT NULL,
    lvl         TINYINT  NOT NULL,
    at          DATE     NOT NULL,
    lessons     BIGINT   NOT NULL DEFAULT 0,
    seconds     BIGINT   NOT NULL DEFAULT 0,
    live        BIGINT   NOT NULL DEFAULT 0,
    minutes     BIGINT   NOT NULL DEFAULT 0,
    recorded    BIGINT   NOT NULL DEFAULT 0,
    auto        BIGINT   NOT NULL DEFAULT 0,
    PRIMARY KEY (teacher_id, lvl, at)
) ENGINE=InnoDB;

ALTER TABLE schedule_lesson
    ADD KEY ix_lesson_teacher_end (teacher_id, end_time, cancelled_at, start_time);

-- Like the tallies (0015), everything here does nothing while @tpanel_tally_off is set;
-- a bulk load calls summary_rebuild() at the end. Rows are locked all-time row first.

DELIMITER //

-- One lesson of teacher t, from s to e, cancelled or not, with a recording or not,
-- counted d times (+1, -1).
CREATE PROCEDURE summary_lesson(t BIGINT, s DATETIME(6), e DATETIME(6), cancelled INT,
    rec INT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO summary_rollup (teacher_id, lvl, at, lessons, seconds, live, minutes,
            recorded)
        SELECT t, k.lvl, CASE k.lvl WHEN 0 THEN DATE(e)
            WHEN 1 THEN DATE_FORMAT(e, '%Y-%m-01') ELSE '1970-01-01' END,
            d, d * TIMESTAMPDIFF(SECOND, s, e), IF(cancelled, 0, d),
            IF(cancelled, 0, d * TIMESTAMPDIFF(MINUTE, s, e)), IF(rec, d, 0)
        FROM list_tally_combo k WHERE k.ka = 0 AND k.kb = 0 AND k.kc = 0
        ORDER BY k.lvl DESC
        ON DUPLICATE KEY UPDATE lessons = lessons + VALUES(lessons),
            seconds = seconds + VALUES(seconds), live = live + VALUES(live),
            minutes = minutes + VALUES(minutes), recorded = recorded + VALUES(recorded);
    END IF;
END//

-- Lessons deleted together by a foreign key (their group's or teacher's deletion; no
-- trigger fires for those rows): those of group g (0: none) and, for a user u (0: none),
-- those of their groups taught by others, subtracted; the user's own rows go.
CREATE PROCEDURE summary_drop(g BIGINT, u BIGINT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO summary_rollup (teacher_id, lvl, at, lessons, seconds, live, minutes,
            recorded)
        SELECT x.t, k.lvl, CASE k.lvl WHEN 0 THEN x.e
            WHEN 1 THEN DATE_FORMAT(x.e, '%Y-%m-01') ELSE '1970-01-01' END,
            -SUM(x.n), -SUM(x.sec), -SUM(x.live), -SUM(x.mins), -SUM(x.rec)
        FROM (SELECT l.teacher_id AS t, DATE(l.end_time) AS e, COUNT(*) AS n,
                  SUM(TIMESTAMPDIFF(SECOND, l.start_time, l.end_time)) AS sec,
                  SUM(l.cancelled_at IS NULL) AS live,
                  SUM(IF(l.cancelled_at IS NULL,
                      TIMESTAMPDIFF(MINUTE, l.start_time, l.end_time), 0)) AS mins,
                  SUM(EXISTS (SELECT 1 FROM schedule_lessonrecording r
                      WHERE r.lesson_id = l.id)) AS rec
              FROM schedule_lesson l JOIN schedule_group x ON x.id = l.group_id
              WHERE (x.id = g OR x.teacher_id = u) AND l.teacher_id <> u
              GROUP BY 1, 2) x
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0
        GROUP BY 1, 2, 3 ORDER BY 1, 2 DESC, 3
        ON DUPLICATE KEY UPDATE lessons = lessons + VALUES(lessons),
            seconds = seconds + VALUES(seconds), live = live + VALUES(live),
            minutes = minutes + VALUES(minutes), recorded = recorded + VALUES(recorded);
        IF u <> 0 THEN
            -- A student's handed-in work goes with them.
            INSERT INTO summary_rollup (teacher_id, lvl, at, auto)
            SELECT s.teacher_id, 2, '1970-01-01', -SUM(s.auto_count)
            FROM homework_studentsubmission s
            WHERE s.student_id = u AND s.submitted_at IS NOT NULL AND s.teacher_id <> u
            GROUP BY 1 ORDER BY 1
            ON DUPLICATE KEY UPDATE auto = auto + VALUES(auto);
            DELETE FROM summary_rollup WHERE teacher_id = u;
        END IF;
    END IF;
END//

-- A submission's part in its teacher's auto, d times.
CREATE PROCEDURE summary_work(t BIGINT, submitted DATETIME(6), n INT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL AND submitted IS NOT NULL AND n <> 0 THEN
        INSERT INTO summary_rollup (teacher_id, lvl, at, auto)
        VALUES (t, 2, '1970-01-01', d * n)
        ON DUPLICATE KEY UPDATE auto = auto + VALUES(auto);
    END IF;
END//

-- Every row again from the lessons, recordings and submissions, and the points (below):
-- after a bulk load with @tpanel_tally_off set (bench/bigschool.sql). Locks
-- summary_rollup and points_rollup meanwhile.
CREATE PROCEDURE summary_rebuild()
BEGIN
    DELETE FROM summary_rollup;
    INSERT INTO summary_rollup (teacher_id, lvl, at, lessons, seconds, live, minutes,
        recorded)
    SELECT l.teacher_id, 0, DATE(l.end_time), COUNT(*),
        SUM(TIMESTAMPDIFF(SECOND, l.start_time, l.end_time)), SUM(l.cancelled_at IS NULL),
        SUM(IF(l.cancelled_at IS NULL, TIMESTAMPDIFF(MINUTE, l.start_time, l.end_time), 0)),
        SUM(EXISTS (SELECT 1 FROM schedule_lessonrecording r WHERE r.lesson_id = l.id))
    FROM schedule_lesson l GROUP BY 1, 3;
    INSERT INTO summary_rollup (teacher_id, lvl, at, lessons, seconds, live, minutes,
        recorded)
    SELECT teacher_id, 1, DATE_FORMAT(at, '%Y-%m-01'), SUM(lessons), SUM(seconds),
        SUM(live), SUM(minutes), SUM(recorded)
    FROM summary_rollup WHERE lvl = 0 GROUP BY 1, 3;
    INSERT INTO summary_rollup (teacher_id, lvl, at, lessons, seconds, live, minutes,
        recorded)
    SELECT teacher_id, 2, '1970-01-01', SUM(lessons), SUM(seconds), SUM(live),
        SUM(minutes), SUM(recorded)
    FROM summary_rollup WHERE lvl = 1 GROUP BY 1;
    INSERT INTO summary_rollup (teacher_id, lvl, at, auto)
    SELECT teacher_id, 2, '1970-01-01', SUM(auto_count) FROM homework_studentsubmission
    WHERE submitted_at IS NOT NULL GROUP BY 1
    ON DUPLICATE KEY UPDATE auto = VALUES(auto);
    CALL points_rebuild();
END//

-- Lessons. (The lesson's own recordings decide `recorded` when it changes or goes.)
CREATE TRIGGER summary_lesson_ins AFTER INSERT ON schedule_lesson FOR EACH ROW
    CALL summary_lesson(NEW.teacher_id, NEW.start_time, NEW.end_time,
        NEW.cancelled_at IS NOT NULL, 0, 1)//
CREATE TRIGGER summary_lesson_upd AFTER UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    DECLARE rec INT;
    IF @tpanel_tally_off IS NULL AND (NEW.teacher_id <> OLD.teacher_id
       OR NEW.start_time <> OLD.start_time OR NEW.end_time <> OLD.end_time
       OR (NEW.cancelled_at IS NULL) <> (OLD.cancelled_at IS NULL)) THEN
        SET rec = EXISTS (SELECT 1 FROM schedule_lessonrecording r
            WHERE r.lesson_id = NEW.id);
        CALL summary_lesson(OLD.teacher_id, OLD.start_time, OLD.end_time,
            OLD.cancelled_at IS NOT NULL, rec, -1);
        CALL summary_lesson(NEW.teacher_id, NEW.start_time, NEW.end_time,
            NEW.cancelled_at IS NOT NULL, rec, 1);
    END IF;
END//
CREATE TRIGGER summary_lesson_del BEFORE DELETE ON schedule_lesson FOR EACH ROW
    CALL summary_lesson(OLD.teacher_id, OLD.start_time, OLD.end_time,
        OLD.cancelled_at IS NOT NULL, EXISTS (SELECT 1 FROM schedule_lessonrecording r
            WHERE r.lesson_id = OLD.id), -1)//
CREATE TRIGGER summary_group_del BEFORE DELETE ON schedule_group FOR EACH ROW
    CALL summary_drop(OLD.id, 0)//
CREATE TRIGGER summary_user_del BEFORE DELETE ON accounts_customuser FOR EACH ROW
    CALL summary_drop(0, OLD.id)//

-- Recordings: a lesson's first makes it recorded, its last one gone makes it not.
CREATE PROCEDURE summary_recording(lesson BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL AND (SELECT COUNT(*) FROM schedule_lessonrecording r
            WHERE r.lesson_id = lesson) = IF(d > 0, 1, 0) THEN
        INSERT INTO summary_rollup (teacher_id, lvl, at, recorded)
        SELECT l.teacher_id, k.lvl, CASE k.lvl WHEN 0 THEN DATE(l.end_time)
            WHEN 1 THEN DATE_FORMAT(l.end_time, '%Y-%m-01') ELSE '1970-01-01' END, d
        FROM schedule_lesson l JOIN list_tally_combo k
            ON k.ka = 0 AND k.kb = 0 AND k.kc = 0
        WHERE l.id = lesson ORDER BY k.lvl DESC
        ON DUPLICATE KEY UPDATE recorded = recorded + VALUES(recorded);
    END IF;
END//
CREATE TRIGGER summary_rec_ins AFTER INSERT ON schedule_lessonrecording FOR EACH ROW
    CALL summary_recording(NEW.lesson_id, 1)//
CREATE TRIGGER summary_rec_upd AFTER UPDATE ON schedule_lessonrecording FOR EACH ROW
BEGIN
    IF NEW.lesson_id <> OLD.lesson_id THEN
        CALL summary_recording(OLD.lesson_id, -1);
        CALL summary_recording(NEW.lesson_id, 1);
    END IF;
END//
CREATE TRIGGER summary_rec_del AFTER DELETE ON schedule_lessonrecording FOR EACH ROW
    CALL summary_recording(OLD.lesson_id, -1)//

-- Handed-in work and its automatically scored answers.
CREATE TRIGGER summary_sub_ins AFTER INSERT ON homework_studentsubmission FOR EACH ROW
    CALL summary_work(NEW.teacher_id, NEW.submitted_at, NEW.auto_count, 1)//
CREATE TRIGGER summary_sub_upd AFTER UPDATE ON homework_studentsubmission FOR EACH ROW
BEGIN
    IF NEW.teacher_id <> OLD.teacher_id OR NEW.auto_count <> OLD.auto_count
       OR (NEW.submitted_at IS NULL) <> (OLD.submitted_at IS NULL) THEN
        CALL summary_work(OLD.teacher_id, OLD.submitted_at, OLD.auto_count, -1);
        CALL summary_work(NEW.teacher_id, NEW.submitted_at, NEW.auto_count, 1);
    END IF;
END//
CREATE TRIGGER summary_sub_del AFTER DELETE ON homework_studentsubmission FOR EACH ROW
    CALL summary_work(OLD.teacher_id, OLD.submitted_at, OLD.auto_count, -1)//
-- A homework's submissions go with it (a foreign key; no trigger fires for them).
CREATE TRIGGER summary_hw_del BEFORE DELETE ON homework_homework FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO summary_rollup (teacher_id, lvl, at, auto)
        SELECT s.teacher_id, 2, '1970-01-01', -SUM(s.auto_count)
        FROM homework_studentsubmission s
        WHERE s.homework_id = OLD.id AND s.submitted_at IS NOT NULL
        GROUP BY 1 ORDER BY 1
        ON DUPLICATE KEY UPDATE auto = auto + VALUES(auto);
    END IF;
END//

DELIMITER ;

-- The student's points over time (the dashboard's chart, an_points_series) at the cost of
-- a few rows: per student, in the UTC month starting at `at` (lvl 1) or in all (lvl 2,
-- at 1970-01-01), the rating's points (analytics.h): 10 a present or late mark of a
-- lesson not cancelled, by its group (group_id) and start; and, under group_id 0, the
-- points of handed-in work by its first hand-in (status submitted or graded: the score,
-- less ANALYTICS_LATE_PENALTY = 10 when late, floored at 0; as
-- analytics_homework_points) and control point results by the point's date.
CREATE TABLE points_rollup (
    student_id  BIGINT   NOT NULL,
    group_id    BIGINT   NOT NULL,
    lvl         TINYINT  NOT NULL,
    at          DATE     NOT NULL,
    points      BIGINT   NOT NULL DEFAULT 0,
    PRIMARY KEY (student_id, group_id, lvl, at)
) ENGINE=InnoDB;

DELIMITER //

-- A piece of work's points (analytics_homework_points).
CREATE FUNCTION points_work(st VARCHAR(12), overridden INT, total INT, late INT)
    RETURNS BIGINT DETERMINISTIC
    RETURN IF(st IN ('submitted', 'graded'),
        GREATEST(COALESCE(overridden, total, 0) - IF(late, 10, 0), 0), 0)//

-- p points of student s in group g (0: none) on day dt, d times.
CREATE PROCEDURE points_add(s BIGINT, g BIGINT, dt DATE, p BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL AND p <> 0 AND dt IS NOT NULL THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        VALUES (s, g, 2, '1970-01-01', d * p), (s, g, 1, DATE_FORMAT(dt, '%Y-%m-01'), d * p)
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//

-- A mark's points (student s, lesson l, status st), d times.
CREATE PROCEDURE points_mark(s BIGINT, l BIGINT, st VARCHAR(20), d INT)
BEGIN
    IF @tpanel_tally_off IS NULL AND st IN ('present', 'late') THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT s, x.group_id, k.lvl, IF(k.lvl = 1,
            DATE_FORMAT(x.start_time, '%Y-%m-01'), '1970-01-01'), d * 10
        FROM schedule_lesson x JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0
            AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE x.id = l AND x.cancelled_at IS NULL ORDER BY k.lvl DESC
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//

-- The marks of lesson l as it is now (group, start, cancelled), d times: before a change
-- of those or its deletion (-1) and after a change (+1).
CREATE PROCEDURE points_lesson(l BIGINT, d INT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT a.student_id, x.group_id, k.lvl, IF(k.lvl = 1,
            DATE_FORMAT(x.start_time, '%Y-%m-01'), '1970-01-01'), d * 10 * COUNT(*)
        FROM schedule_lesson x JOIN schedule_attendance a ON a.lesson_id = x.id
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE x.id = l AND x.cancelled_at IS NULL AND a.status IN ('present', 'late')
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//

-- Everything that goes with group g (0: none) or user u (0: none) by foreign keys: the
-- marks of the group's lessons, or of the lessons the user taught in others' groups;
-- results of the control points of the group or of the user's groups; the work of the
-- user's homework. Then the rows of the group, of the user's groups, of the user.
CREATE PROCEDURE points_drop(g BIGINT, u BIGINT)
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT a.student_id, x.group_id, k.lvl, IF(k.lvl = 1,
            DATE_FORMAT(x.start_time, '%Y-%m-01'), '1970-01-01'), -10 * COUNT(*)
        FROM schedule_lesson x JOIN schedule_group y ON y.id = x.group_id
        JOIN schedule_attendance a ON a.lesson_id = x.id
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE u <> 0 AND x.teacher_id = u AND y.teacher_id <> u AND a.student_id <> u
            AND x.cancelled_at IS NULL AND a.status IN ('present', 'late')
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT r.student_id, 0, k.lvl, IF(k.lvl = 1, DATE_FORMAT(c.date, '%Y-%m-01'),
            '1970-01-01'), -SUM(r.points)
        FROM (SELECT c.id, c.date FROM analytics_controlpoint c WHERE c.group_id = g
              UNION SELECT c.id, c.date FROM analytics_controlpoint c WHERE c.teacher_id = u
              UNION SELECT c.id, c.date FROM schedule_group y
                  JOIN analytics_controlpoint c ON c.group_id = y.id
              WHERE y.teacher_id = u AND u <> 0) c
        JOIN analytics_controlpointresult r ON r.control_point_id = c.id
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE r.student_id <> u
        GROUP BY 1, 3, 4 ORDER BY 1, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT s.student_id, 0, k.lvl, IF(k.lvl = 1,
            DATE_FORMAT(s.first_submitted_at, '%Y-%m-01'), '1970-01-01'),
            -SUM(points_work(s.status, s.score_override, s.total_score, s.is_late))
        FROM homework_studentsubmission s
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE u <> 0 AND s.teacher_id = u AND s.student_id <> u
            AND s.first_submitted_at IS NOT NULL
        GROUP BY 1, 3, 4 ORDER BY 1, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
        DELETE FROM points_rollup WHERE group_id = g AND g <> 0;
        DELETE FROM points_rollup WHERE u <> 0 AND (student_id = u OR group_id IN
            (SELECT y.id FROM schedule_group y WHERE y.teacher_id = u));
    END IF;
END//

CREATE PROCEDURE points_rebuild()
BEGIN
    DELETE FROM points_rollup;
    INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
    SELECT a.student_id, x.group_id, 1, DATE_FORMAT(x.start_time, '%Y-%m-01'), 10 * COUNT(*)
    FROM schedule_attendance a JOIN schedule_lesson x ON x.id = a.lesson_id
    WHERE a.status IN ('present', 'late') AND x.cancelled_at IS NULL GROUP BY 1, 2, 4;
    INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
    SELECT y.student_id, 0, 1, y.m, SUM(y.p) FROM (
        SELECT s.student_id, DATE_FORMAT(s.first_submitted_at, '%Y-%m-01') AS m,
            points_work(s.status, s.score_override, s.total_score, s.is_late) AS p
        FROM homework_studentsubmission s WHERE s.first_submitted_at IS NOT NULL
        UNION ALL
        SELECT r.student_id, DATE_FORMAT(c.date, '%Y-%m-01'), r.points
        FROM analytics_controlpointresult r
        JOIN analytics_controlpoint c ON c.id = r.control_point_id) y
    GROUP BY 1, 4;
    INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
    SELECT student_id, group_id, 2, '1970-01-01', SUM(points) FROM points_rollup
    WHERE lvl = 1 GROUP BY 1, 2;
END//

CREATE TRIGGER points_att_ins AFTER INSERT ON schedule_attendance FOR EACH ROW
    CALL points_mark(NEW.student_id, NEW.lesson_id, NEW.status, 1)//
CREATE TRIGGER points_att_upd AFTER UPDATE ON schedule_attendance FOR EACH ROW
BEGIN
    IF NEW.student_id <> OLD.student_id OR NEW.lesson_id <> OLD.lesson_id
       OR NEW.status <> OLD.status THEN
        CALL points_mark(OLD.student_id, OLD.lesson_id, OLD.status, -1);
        CALL points_mark(NEW.student_id, NEW.lesson_id, NEW.status, 1);
    END IF;
END//
CREATE TRIGGER points_att_del AFTER DELETE ON schedule_attendance FOR EACH ROW
    CALL points_mark(OLD.student_id, OLD.lesson_id, OLD.status, -1)//

-- A lesson's marks move with its group, its month and its cancellation: the old part is
-- taken before the change, the new added after.
CREATE TRIGGER points_lesson_bupd BEFORE UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    IF NEW.group_id <> OLD.group_id
       OR (NEW.cancelled_at IS NULL) <> (OLD.cancelled_at IS NULL)
       OR DATE_FORMAT(NEW.start_time, '%Y-%m') <> DATE_FORMAT(OLD.start_time, '%Y-%m') THEN
        CALL points_lesson(OLD.id, -1);
    END IF;
END//
CREATE TRIGGER points_lesson_upd AFTER UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    IF NEW.group_id <> OLD.group_id
       OR (NEW.cancelled_at IS NULL) <> (OLD.cancelled_at IS NULL)
       OR DATE_FORMAT(NEW.start_time, '%Y-%m') <> DATE_FORMAT(OLD.start_time, '%Y-%m') THEN
        CALL points_lesson(NEW.id, 1);
    END IF;
END//
CREATE TRIGGER points_lesson_del BEFORE DELETE ON schedule_lesson FOR EACH ROW
    CALL points_lesson(OLD.id, -1)//
CREATE TRIGGER points_group_del BEFORE DELETE ON schedule_group FOR EACH ROW
    CALL points_drop(OLD.id, 0)//
CREATE TRIGGER points_user_del BEFORE DELETE ON accounts_customuser FOR EACH ROW
    CALL points_drop(0, OLD.id)//

-- Handed-in work.
CREATE TRIGGER points_sub_ins AFTER INSERT ON homework_studentsubmission FOR EACH ROW
    CALL points_add(NEW.student_id, 0, NEW.first_submitted_at, points_work(NEW.status,
        NEW.score_override, NEW.total_score, NEW.is_late), 1)//
CREATE TRIGGER points_sub_upd AFTER UPDATE ON homework_studentsubmission FOR EACH ROW
BEGIN
    IF NEW.student_id <> OLD.student_id OR NEW.status <> OLD.status
       OR NOT (NEW.first_submitted_at <=> OLD.first_submitted_at)
       OR NOT (NEW.score_override <=> OLD.score_override)
       OR NOT (NEW.total_score <=> OLD.total_score) OR NEW.is_late <> OLD.is_late THEN
        CALL points_add(OLD.student_id, 0, OLD.first_submitted_at, points_work(OLD.status,
            OLD.score_override, OLD.total_score, OLD.is_late), -1);
        CALL points_add(NEW.student_id, 0, NEW.first_submitted_at, points_work(NEW.status,
            NEW.score_override, NEW.total_score, NEW.is_late), 1);
    END IF;
END//
CREATE TRIGGER points_sub_del AFTER DELETE ON homework_studentsubmission FOR EACH ROW
    CALL points_add(OLD.student_id, 0, OLD.first_submitted_at, points_work(OLD.status,
        OLD.score_override, OLD.total_score, OLD.is_late), -1)//
CREATE TRIGGER points_hw_del BEFORE DELETE ON homework_homework FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT s.student_id, 0, k.lvl, IF(k.lvl = 1,
            DATE_FORMAT(s.first_submitted_at, '%Y-%m-01'), '1970-01-01'),
            -SUM(points_work(s.status, s.score_override, s.total_score, s.is_late))
        FROM homework_studentsubmission s
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE s.homework_id = OLD.id AND s.first_submitted_at IS NOT NULL
        GROUP BY 1, 3, 4 ORDER BY 1, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//

-- Control point results, by their point's date.
CREATE TRIGGER points_cpr_ins AFTER INSERT ON analytics_controlpointresult FOR EACH ROW
    CALL points_add(NEW.student_id, 0, (SELECT c.date FROM analytics_controlpoint c
        WHERE c.id = NEW.control_point_id), NEW.points, 1)//
CREATE TRIGGER points_cpr_upd AFTER UPDATE ON analytics_controlpointresult FOR EACH ROW
BEGIN
    IF NEW.student_id <> OLD.student_id OR NEW.points <> OLD.points
       OR NEW.control_point_id <> OLD.control_point_id THEN
        CALL points_add(OLD.student_id, 0, (SELECT c.date FROM analytics_controlpoint c
            WHERE c.id = OLD.control_point_id), OLD.points, -1);
        CALL points_add(NEW.student_id, 0, (SELECT c.date FROM analytics_controlpoint c
            WHERE c.id = NEW.control_point_id), NEW.points, 1);
    END IF;
END//
CREATE TRIGGER points_cpr_del AFTER DELETE ON analytics_controlpointresult FOR EACH ROW
    CALL points_add(OLD.student_id, 0, (SELECT c.date FROM analytics_controlpoint c
        WHERE c.id = OLD.control_point_id), OLD.points, -1)//
CREATE TRIGGER points_cp_upd AFTER UPDATE ON analytics_controlpoint FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL
       AND DATE_FORMAT(NEW.date, '%Y-%m') <> DATE_FORMAT(OLD.date, '%Y-%m') THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT r.student_id, 0, 1, x.m, x.sign * r.points
        FROM analytics_controlpointresult r
        JOIN (SELECT DATE_FORMAT(OLD.date, '%Y-%m-01') AS m, -1 AS sign
              UNION ALL SELECT DATE_FORMAT(NEW.date, '%Y-%m-01'), 1) x
        WHERE r.control_point_id = NEW.id ORDER BY 1, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//
CREATE TRIGGER points_cp_del BEFORE DELETE ON analytics_controlpoint FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO points_rollup (student_id, group_id, lvl, at, points)
        SELECT r.student_id, 0, k.lvl, IF(k.lvl = 1, DATE_FORMAT(OLD.date, '%Y-%m-01'),
            '1970-01-01'), -r.points
        FROM analytics_controlpointresult r
        JOIN list_tally_combo k ON k.ka = 0 AND k.kb = 0 AND k.kc = 0 AND k.lvl IN (1, 2)
        WHERE r.control_point_id = OLD.id ORDER BY 1, 3 DESC, 4
        ON DUPLICATE KEY UPDATE
            points_rollup.points = points_rollup.points + VALUES(points);
    END IF;
END//

DELIMITER ;

CALL summary_rebuild();
