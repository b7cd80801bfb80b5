-- The rating's badges (src/db/db_report.c, st_badges) at the cost of a few rows a member,
-- whatever their history: what counting a student's homework_badge rows by kind gave (how
-- many, the latest period and time, the first time for the order) is kept per (student,
-- kind) by triggers, in the same transaction as the writes.
--
-- An award adds to its row; a badge taken away (or changed) gives its row again from that
-- student's badges of that kind alone (their range of ix_hwb_student_type_earned, 0030).
-- A student's deletion takes their badges by a foreign key (no trigger): their rows go
-- with them. A homework's deletion leaves its badges (homework_id SET NULL): nothing here
-- changes.
CREATE TABLE badge_rollup (
    student_id  BIGINT      NOT NULL,
    badge_type  VARCHAR(16) NOT NULL,
    n           BIGINT      NOT NULL,
    period      CHAR(7)     CHARACTER SET ascii COLLATE ascii_bin NULL,    -- MAX(period)
    first_at    DATETIME(6) NOT NULL,                                      -- MIN(earned_at)
    last_at     DATETIME(6) NOT NULL,                                      -- MAX(earned_at)
    PRIMARY KEY (student_id, badge_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Like the tallies (0015), everything here does nothing while @tpanel_tally_off is set; a
-- bulk load calls badge_rebuild() at the end.

DELIMITER //

-- Student s's row of kind t given again from their badges of that kind (none: no row).
-- INSERT ... SELECT reads the badges as they are now, locked, not as the transaction's
-- first read saw them.
CREATE PROCEDURE badge_redo(s BIGINT, t VARCHAR(16))
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO badge_rollup (student_id, badge_type, n, period, first_at, last_at)
        SELECT s, t, COUNT(*), MAX(b.period), COALESCE(MIN(b.earned_at), '1970-01-01'),
            COALESCE(MAX(b.earned_at), '1970-01-01')
        FROM homework_badge b FORCE INDEX (ix_hwb_student_type_earned)
        WHERE b.student_id = s AND b.badge_type = t
        ON DUPLICATE KEY UPDATE badge_rollup.n = VALUES(n),
            badge_rollup.period = VALUES(period),
            badge_rollup.first_at = VALUES(first_at),
            badge_rollup.last_at = VALUES(last_at);
        DELETE FROM badge_rollup WHERE student_id = s AND badge_type = t AND n = 0;
    END IF;
END//

-- Every row again from the badges: after a bulk load with @tpanel_tally_off set, or to
-- check the triggers (tests).
CREATE PROCEDURE badge_rebuild()
BEGIN
    DELETE FROM badge_rollup;
    INSERT INTO badge_rollup (student_id, badge_type, n, period, first_at, last_at)
    SELECT student_id, badge_type, COUNT(*), MAX(period), MIN(earned_at), MAX(earned_at)
    FROM homework_badge GROUP BY student_id, badge_type;
END//

CREATE TRIGGER badge_ins AFTER INSERT ON homework_badge FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        INSERT INTO badge_rollup (student_id, badge_type, n, period, first_at, last_at)
        VALUES (NEW.student_id, NEW.badge_type, 1, NEW.period, NEW.earned_at,
            NEW.earned_at)
        ON DUPLICATE KEY UPDATE badge_rollup.n = badge_rollup.n + 1,
            badge_rollup.period = IF(badge_rollup.period IS NULL
                OR VALUES(period) > badge_rollup.period, VALUES(period),
                badge_rollup.period),
            badge_rollup.first_at = LEAST(badge_rollup.first_at, VALUES(first_at)),
            badge_rollup.last_at = GREATEST(badge_rollup.last_at, VALUES(last_at));
    END IF;
END//
CREATE TRIGGER badge_upd AFTER UPDATE ON homework_badge FOR EACH ROW
BEGIN
    IF NEW.student_id <> OLD.student_id OR NEW.badge_type <> OLD.badge_type
       OR NOT (NEW.period <=> OLD.period) OR NEW.earned_at <> OLD.earned_at THEN
        CALL badge_redo(OLD.student_id, OLD.badge_type);
        IF NEW.student_id <> OLD.student_id OR NEW.badge_type <> OLD.badge_type THEN
            CALL badge_redo(NEW.student_id, NEW.badge_type);
        END IF;
    END IF;
END//
CREATE TRIGGER badge_del AFTER DELETE ON homework_badge FOR EACH ROW
    CALL badge_redo(OLD.student_id, OLD.badge_type)//

CREATE TRIGGER badge_user_del AFTER DELETE ON accounts_customuser FOR EACH ROW
BEGIN
    IF @tpanel_tally_off IS NULL THEN
        DELETE FROM badge_rollup WHERE student_id = OLD.id;
    END IF;
END//

DELIMITER ;

CALL badge_rebuild();
