-- A homework's points (the sum of its questions') for the group report's homework rows
-- (src/db/db_report.c, st_homework: one sum a homework of the group) read from the index
-- alone, without a row lookup per question (with st_homework reading the lesson-linked
-- homework from homework_lesson_reach, 0028: mysqld CPU of that statement 2.0 -> 0.9 ms on
-- bench/analytics' seed).
ALTER TABLE homework_question ADD KEY ix_hwq_points (homework_id, points);
