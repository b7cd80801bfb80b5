/* SQL shared by db_submission.c and db_answer.c (private to src/db). */
#ifndef DB_SUB_SQL_H
#define DB_SUB_SQL_H

/* One submission's answers, by its range of the index only (see
 * db_submission.c's locks). */
#define MY_ANS	"homework_answer a FORCE INDEX (uq_hwans_submission_question) "
#define BY_PK	" FORCE INDEX (PRIMARY) "

#endif
