-- The rating's badges (src/db/db_report.c, st_badges): a group's students' badges counted
-- per (student, type) with the latest period and time, read from this index alone, one
-- range a student, in the GROUP BY's order (no table rows, no temporary table of the
-- school's badges).
ALTER TABLE homework_badge
    ADD KEY ix_hwb_student_type_earned (student_id, badge_type, earned_at, period);
