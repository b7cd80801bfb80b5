-- The daily MARATHON job (src/domain/badge.c, PHASE2-3.md 2.8) finds the students who may
-- have earned the month that ended from the gamified homework due in it: by the
-- homework's deadline and by its assignment rows' own, then those homework's handed-in
-- work (uq_hws_homework_student). Before, it read a year of the school's submissions.
ALTER TABLE homework_homework
    ADD KEY ix_hw_gamified_deadline (gamification_enabled, deadline);
ALTER TABLE homework_assignment
    ADD KEY ix_hwa_deadline (deadline, homework_id);
