-- A student's homework list read one index range per way it reaches them (docs/lists.md,
-- "A student's homework"), each bounded by the page size, instead of walking the school's
-- homework in order and testing each against the visibility rule:
--   - a group's assignment rows (the whole group: student_id NULL, or the student by name
--     within it) and the student's own rows (group_id NULL): the homework's status and
--     created_at are kept on each assignment row, so (group_id, student_id, hw_status,
--     hw_created_at, homework_id) is the range;
--   - homework without assignment rows, through its lesson's group: one row a homework in
--     homework_lesson_reach (group_id, status, created_at), kept while it has no rows;
--   - archived homework, shown only with the student's work: their submissions, with the
--     homework's status and created_at kept on each.
-- The list still checks the whole rule on every row it reads (src/db/db_hw_student.c), so a
-- row these keep wrongly is skipped, never shown. hw_reach_rebuild() sets everything here
-- again from the tables (after rows were changed by hand with the triggers dropped).

ALTER TABLE homework_assignment
    ADD COLUMN hw_status VARCHAR(10) NOT NULL DEFAULT 'draft',
    ADD COLUMN hw_created_at DATETIME(6) NOT NULL DEFAULT '2000-01-01 00:00:00',
    ADD KEY ix_hwa_reach (group_id, student_id, hw_status, hw_created_at, homework_id);

ALTER TABLE homework_studentsubmission
    ADD COLUMN hw_status VARCHAR(10) NOT NULL DEFAULT 'draft',
    ADD COLUMN hw_created_at DATETIME(6) NOT NULL DEFAULT '2000-01-01 00:00:00',
    ADD KEY ix_hws_student_hw (student_id, hw_status, hw_created_at, homework_id);

CREATE TABLE homework_lesson_reach (
    homework_id  BIGINT      NOT NULL PRIMARY KEY,
    group_id     BIGINT      NOT NULL,
    status       VARCHAR(10) NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    KEY ix_hlr_group (group_id, status, created_at, homework_id),
    CONSTRAINT fk_hlr_homework FOREIGN KEY (homework_id)
        REFERENCES homework_homework (id) ON DELETE CASCADE,
    CONSTRAINT fk_hlr_group FOREIGN KEY (group_id)
        REFERENCES schedule_group (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //

-- The lesson-group row of homework h: there while h has a lesson and no assignment rows.
CREATE PROCEDURE hw_reach_lesson(h BIGINT)
BEGIN
    DELETE FROM homework_lesson_reach WHERE homework_id = h;
    INSERT INTO homework_lesson_reach (homework_id, group_id, status, created_at)
    SELECT x.id, l.group_id, x.status, x.created_at
    FROM homework_homework x JOIN schedule_lesson l ON l.id = x.lesson_id
    WHERE x.id = h AND NOT EXISTS (SELECT 1 FROM homework_assignment a
                                   WHERE a.homework_id = x.id);
END//

CREATE PROCEDURE hw_reach_rebuild()
BEGIN
    UPDATE homework_assignment a JOIN homework_homework h ON h.id = a.homework_id
    SET a.hw_status = h.status, a.hw_created_at = h.created_at;
    UPDATE homework_studentsubmission s JOIN homework_homework h ON h.id = s.homework_id
    SET s.hw_status = h.status, s.hw_created_at = h.created_at;
    DELETE FROM homework_lesson_reach;
    INSERT INTO homework_lesson_reach (homework_id, group_id, status, created_at)
    SELECT x.id, l.group_id, x.status, x.created_at
    FROM homework_homework x JOIN schedule_lesson l ON l.id = x.lesson_id
    WHERE NOT EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = x.id);
END//

-- A new homework has no assignment rows yet; a changed one carries its status and
-- created_at to its rows and work (one homework's: a class), and its lesson to its row.
CREATE TRIGGER hw_reach_ins AFTER INSERT ON homework_homework FOR EACH ROW
    INSERT INTO homework_lesson_reach (homework_id, group_id, status, created_at)
    SELECT NEW.id, l.group_id, NEW.status, NEW.created_at
    FROM schedule_lesson l WHERE l.id = NEW.lesson_id//
CREATE TRIGGER hw_reach_upd AFTER UPDATE ON homework_homework FOR EACH ROW
BEGIN
    IF NEW.status <> OLD.status OR NEW.created_at <> OLD.created_at THEN
        UPDATE homework_assignment SET hw_status = NEW.status,
            hw_created_at = NEW.created_at WHERE homework_id = NEW.id;
        UPDATE homework_studentsubmission SET hw_status = NEW.status,
            hw_created_at = NEW.created_at WHERE homework_id = NEW.id;
    END IF;
    IF NEW.status <> OLD.status OR NEW.created_at <> OLD.created_at
       OR NOT (NEW.lesson_id <=> OLD.lesson_id) THEN
        DELETE FROM homework_lesson_reach WHERE homework_id = NEW.id;
        INSERT INTO homework_lesson_reach (homework_id, group_id, status, created_at)
        SELECT NEW.id, l.group_id, NEW.status, NEW.created_at
        FROM schedule_lesson l WHERE l.id = NEW.lesson_id AND NOT EXISTS
            (SELECT 1 FROM homework_assignment a WHERE a.homework_id = NEW.id);
    END IF;
END//

-- Assignment rows and submissions take the homework's status and created_at; the first
-- assignment row ends the lesson-group reach, the last one's deletion brings it back.
CREATE TRIGGER hw_reach_a_ins BEFORE INSERT ON homework_assignment FOR EACH ROW
BEGIN
    SET NEW.hw_status = COALESCE((SELECT h.status FROM homework_homework h
                                  WHERE h.id = NEW.homework_id), 'draft'),
        NEW.hw_created_at = COALESCE((SELECT h.created_at FROM homework_homework h
                                      WHERE h.id = NEW.homework_id), NEW.hw_created_at);
    DELETE FROM homework_lesson_reach WHERE homework_id = NEW.homework_id;
END//
CREATE TRIGGER hw_reach_a_upd BEFORE UPDATE ON homework_assignment FOR EACH ROW
BEGIN
    IF NEW.homework_id <> OLD.homework_id THEN
        SET NEW.hw_status = COALESCE((SELECT h.status FROM homework_homework h
                                  WHERE h.id = NEW.homework_id), 'draft'),
        NEW.hw_created_at = COALESCE((SELECT h.created_at FROM homework_homework h
                                      WHERE h.id = NEW.homework_id), NEW.hw_created_at);
    END IF;
END//
CREATE TRIGGER hw_reach_a_del AFTER DELETE ON homework_assignment FOR EACH ROW
    CALL hw_reach_lesson(OLD.homework_id)//
CREATE TRIGGER hw_reach_s_ins BEFORE INSERT ON homework_studentsubmission FOR EACH ROW
    SET NEW.hw_status = COALESCE((SELECT h.status FROM homework_homework h
                                  WHERE h.id = NEW.homework_id), 'draft'),
        NEW.hw_created_at = COALESCE((SELECT h.created_at FROM homework_homework h
                                      WHERE h.id = NEW.homework_id), NEW.hw_created_at)//

-- A lesson moved to another group moves its homework's row; a deleted lesson leaves its
-- homework without one (ON DELETE SET NULL fires no trigger).
CREATE TRIGGER hw_reach_lesson_upd AFTER UPDATE ON schedule_lesson FOR EACH ROW
BEGIN
    IF NEW.group_id <> OLD.group_id THEN
        UPDATE homework_lesson_reach r JOIN homework_homework h ON h.id = r.homework_id
        SET r.group_id = NEW.group_id WHERE h.lesson_id = NEW.id;
    END IF;
END//
CREATE TRIGGER hw_reach_lesson_del BEFORE DELETE ON schedule_lesson FOR EACH ROW
    DELETE r FROM homework_lesson_reach r JOIN homework_homework h ON h.id = r.homework_id
    WHERE h.lesson_id = OLD.id//

-- A group or a student takes their assignment rows with them (no trigger fires for
-- those): homework left without any reaches students through its lesson's group again.
-- (The group's own rows go with it by the foreign key.)
CREATE TRIGGER hw_reach_group_del BEFORE DELETE ON schedule_group FOR EACH ROW
    INSERT IGNORE INTO homework_lesson_reach (homework_id, group_id, status, created_at)
    SELECT DISTINCT h.id, l.group_id, h.status, h.created_at
    FROM homework_assignment a0 JOIN homework_homework h ON h.id = a0.homework_id
    JOIN schedule_lesson l ON l.id = h.lesson_id
    WHERE a0.group_id = OLD.id AND l.group_id <> OLD.id AND NOT EXISTS
        (SELECT 1 FROM homework_assignment a WHERE a.homework_id = h.id
         AND NOT (a.group_id <=> OLD.id))//
CREATE TRIGGER hw_reach_user_del BEFORE DELETE ON accounts_customuser FOR EACH ROW
    INSERT IGNORE INTO homework_lesson_reach (homework_id, group_id, status, created_at)
    SELECT DISTINCT h.id, l.group_id, h.status, h.created_at
    FROM homework_assignment a0 JOIN homework_homework h ON h.id = a0.homework_id
    JOIN schedule_lesson l ON l.id = h.lesson_id
    WHERE a0.student_id = OLD.id AND h.teacher_id <> OLD.id AND l.teacher_id <> OLD.id
        AND NOT EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = h.id
                        AND NOT (a.student_id <=> OLD.id))//

DELIMITER ;

CALL hw_reach_rebuild();
