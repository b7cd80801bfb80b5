/* The columns of a homework row, shared by db_homework.c and db_hw_student.c
 * (private to src/db). */
#ifndef DB_HW_SQL_H
#define DB_HW_SQL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db_res;
struct homework;
struct keyset;

/* A homework with its teacher, counts, assignment rows (one JSON array)
 * and its lesson's group; a student's list adds their submission. The
 * counts read the (homework_id, ...) indexes: bounded by one homework. */
#define HW_COLS \
    "SELECT h.id, h.teacher_id, t.email, t.first_name, t.last_name, " \
    "h.lesson_id, h.title, h.description, h.status, h.published_at, " \
    "h.deadline, h.max_score, h.student_instructions, h.allow_view_answers, " \
    "h.gamification_enabled, h.late_policy, h.created_at, h.updated_at, " \
    "(SELECT COUNT(*) FROM homework_question q WHERE q.homework_id = h.id), " \
    "(SELECT COALESCE(SUM(q.points), 0) FROM homework_question q " \
    "WHERE q.homework_id = h.id), " \
    "(SELECT COUNT(*) FROM homework_studentsubmission s " \
    "WHERE s.homework_id = h.id), " \
    "(SELECT COUNT(*) FROM homework_studentsubmission s " \
    "WHERE s.homework_id = h.id AND s.status = 'submitted'), " \
    "(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', a.id, 'group_id', a.group_id, " \
    "'group_name', g.name, 'student_id', a.student_id, 'email', u.email, " \
    "'first_name', u.first_name, 'last_name', u.last_name, 'deadline', " \
    "a.deadline) ORDER BY a.id) FROM homework_assignment a " \
    "LEFT JOIN schedule_group g ON g.id = a.group_id " \
    "LEFT JOIN accounts_customuser u ON u.id = a.student_id " \
    "WHERE a.homework_id = h.id), lg.id, lg.name, "
#define HW_JOINS \
    "JOIN accounts_customuser t ON t.id = h.teacher_id " \
    "LEFT JOIN schedule_lesson l ON l.id = h.lesson_id " \
    "LEFT JOIN schedule_group lg ON lg.id = l.group_id "
#define HW_FROM "FROM homework_homework h " HW_JOINS

#define HW_NOSUB	"NULL, NULL, NULL "
/* How a student got it (db_hw_target's rule) as {"g","n","d"}. */
#define HW_STUDENT_TARGET \
    "(SELECT JSON_OBJECT('g', a.group_id, 'n', ag.name, 'd', a.deadline) " \
    "FROM homework_assignment a LEFT JOIN schedule_group ag ON ag.id = " \
    "a.group_id LEFT JOIN schedule_group_students m ON m.group_id = a.group_id " \
    "AND m.customuser_id = ? WHERE a.homework_id = h.id AND ((a.group_id IS " \
    "NULL AND a.student_id = ?) OR (m.id IS NOT NULL AND (a.student_id IS NULL " \
    "OR a.student_id = ?))) ORDER BY a.student_id IS NULL, a.id LIMIT 1) "

/* Row i of a result with HW_COLS and its three last columns into *h. */
void	 db_hw_from_row(const struct db_res *, size_t i, struct homework *h);

/* A student's list (db_hw_student.c): what db_hw_page and db_hw_count
 * answer for HW_SCOPE_STUDENT. */
int	 db_hw_student_page(struct arena *, int64_t user, const char *status,
	    const struct keyset *ks, struct homework **h, size_t *n);
int	 db_hw_student_count(struct arena *, int64_t user, const char *status,
	    int64_t *total);

#endif
