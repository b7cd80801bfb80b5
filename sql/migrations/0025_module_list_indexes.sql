-- The modules' lists on the shared keyset cursor (docs/lists.md): an index for every
-- scope, filter and order of the homework, submission, control point and result lists.
-- Homework already had (teacher_id[, status], created_at, id) and ([status,] created_at,
-- id); chats (customuser_id, last_message_id, chat_id); control points (teacher_id |
-- group_id, date, id) and (date, id).

-- Submissions newest first: a student's by status and group, everyone's by status and
-- group (the teacher's had theirs). The scopes' keys also hold the filters' columns, so
-- that a page's ids are read from the index alone (?page=N skips index entries, not rows).
ALTER TABLE homework_studentsubmission
    DROP KEY ix_hws_group,
    DROP KEY ix_hws_teacher_created,
    DROP KEY ix_hws_student_created,
    DROP KEY ix_hws_created,
    ADD KEY ix_hws_teacher_created (teacher_id, created_at, id, status, group_id),
    ADD KEY ix_hws_student_created (student_id, created_at, id, status, group_id),
    ADD KEY ix_hws_created (created_at, id, status, group_id),
    ADD KEY ix_hws_group_created (group_id, created_at, id),
    ADD KEY ix_hws_status_created (status, created_at, id),
    ADD KEY ix_hws_student_status_created (student_id, status, created_at, id),
    ADD KEY ix_hws_student_group_created (student_id, group_id, created_at, id);

-- Results newest first by the control point's teacher (kept on each result by the
-- triggers below, as attendance keeps its lesson's teacher), by student (the old
-- (student_id, control_point_id) made the optimizer sort a student's results), by point.
ALTER TABLE analytics_controlpointresult
    ADD COLUMN teacher_id BIGINT NOT NULL DEFAULT 0 AFTER student_id,
    ADD KEY ix_cpr_teacher (teacher_id, id, control_point_id, student_id),
    ADD KEY ix_cpr_teacher_student (teacher_id, student_id, id),
    DROP KEY ix_cpr_student,
    ADD KEY ix_cpr_student (student_id, id, control_point_id),
    ADD KEY ix_cpr_point_id (control_point_id, id);
UPDATE analytics_controlpointresult r JOIN analytics_controlpoint c
    ON c.id = r.control_point_id SET r.teacher_id = c.teacher_id;

DELIMITER //
CREATE TRIGGER cpr_teacher_ins BEFORE INSERT ON analytics_controlpointresult FOR EACH ROW
    SET NEW.teacher_id = (SELECT c.teacher_id FROM analytics_controlpoint c
                          WHERE c.id = NEW.control_point_id)//
CREATE TRIGGER cpr_teacher_upd BEFORE UPDATE ON analytics_controlpointresult FOR EACH ROW
BEGIN
    IF NEW.control_point_id <> OLD.control_point_id THEN
        SET NEW.teacher_id = (SELECT c.teacher_id FROM analytics_controlpoint c
                              WHERE c.id = NEW.control_point_id);
    END IF;
END//
DELIMITER ;
