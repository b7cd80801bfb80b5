/* Demo homework: the nine question types, published, and one student's
 * handed-in work. Made through the same domain calls as the API. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/json.h"
#include "crypto/rand.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/hw_demo.h"
#include "domain/hw_question.h"
#include "domain/lesson.h"
#include "domain/submission.h"

/* The homework in the later app's dialect; %s: the group's id and the
 * deadline. */
#define DEMO_HOMEWORK "{\"title\": \"Повторение: девять типов заданий\", " \
    "\"description\": \"Пример домашнего задания с вопросом каждого типа.\", " \
    "\"student_instructions\": \"Отвечайте не спеша: ответы сохраняются сами.\", " \
    "\"group_assignments_data\": [{\"group_id\": %lld, \"student_ids\": null}], " \
    "\"deadline\": \"%s\", \"questions\": [" \
    "{\"prompt\": \"Сколько будет 9 / 2? Запишите десятичной дробью.\", " \
    "\"question_type\": \"TEXT\", \"points\": 10, \"config\": " \
    "{\"answerLength\": \"short\", \"correctAnswer\": \"4,5\"}}, " \
    "{\"prompt\": \"Столица Франции?\", \"question_type\": \"SINGLE_CHOICE\", " \
    "\"points\": 10, \"choices\": [{\"text\": \"Париж\", \"is_correct\": true}, " \
    "{\"text\": \"Лион\", \"is_correct\": false}, {\"text\": \"Марсель\", " \
    "\"is_correct\": false}]}, " \
    "{\"prompt\": \"Отметьте простые числа\", \"question_type\": " \
    "\"MULTI_CHOICE\", \"points\": 10, \"choices\": [{\"text\": \"2\", " \
    "\"is_correct\": true}, {\"text\": \"3\", \"is_correct\": true}, {\"text\": " \
    "\"4\", \"is_correct\": false}, {\"text\": \"5\", \"is_correct\": true}]}, " \
    "{\"prompt\": \"Послушайте и ответьте\", \"question_type\": \"LISTENING\", " \
    "\"points\": 10, \"config\": {\"audioUrl\": " \
    "\"/static/demo/tone.wav\", \"prompt\": \"Три ноты одна за другой\", " \
    "\"subQuestions\": [{\"id\": \"sq-1\", \"text\": \"Сколько нот звучит?\", " \
    "\"answer\": \"3|три\"}, {\"id\": \"sq-2\", \"text\": \"Ноты идут вверх " \
    "или вниз?\", \"answer\": \"вверх\"}]}}, " \
    "{\"prompt\": \"Соедините страну и столицу\", \"question_type\": " \
    "\"MATCHING\", \"points\": 10, \"config\": {\"pairs\": [{\"id\": \"pair-1\", " \
    "\"left\": \"Россия\", \"right\": \"Москва\"}, {\"id\": \"pair-2\", " \
    "\"left\": \"Италия\", \"right\": \"Рим\"}, {\"id\": \"pair-3\", \"left\": " \
    "\"Япония\", \"right\": \"Токио\"}]}}, " \
    "{\"prompt\": \"Расставьте числа по возрастанию\", \"question_type\": " \
    "\"DRAG_DROP\", \"points\": 10, \"config\": {\"items\": [{\"id\": " \
    "\"item-1\", \"text\": \"1/4\"}, {\"id\": \"item-2\", \"text\": \"1/2\"}, " \
    "{\"id\": \"item-3\", \"text\": \"3/4\"}]}}, " \
    "{\"prompt\": \"Заполните пропуски\", \"question_type\": \"FILL_BLANKS\", " \
    "\"points\": 10, \"config\": {\"template\": \"Вода кипит при [___] градусах " \
    "и замерзает при [___].\", \"answers\": [\"100\", \"0\"], " \
    "\"caseSensitive\": false, \"matchingStrategy\": \"loose\"}}, " \
    "{\"prompt\": \"Отметьте на карте Евразию\", \"question_type\": " \
    "\"HOTSPOT\", \"points\": 10, \"config\": {\"imageUrl\": " \
    "\"/static/demo/map.svg\", \"hotspots\": [{\"id\": \"h1\", \"label\": " \
    "\"Евразия\", \"x\": 45, \"y\": 10, \"width\": 48, \"height\": 40, " \
    "\"isCorrect\": true}, {\"id\": \"h2\", \"label\": \"Африка\", \"x\": 42, " \
    "\"y\": 42, \"width\": 20, \"height\": 55, \"isCorrect\": false}]}}, " \
    "{\"prompt\": \"Сфотографируйте решение в тетради\", \"question_type\": " \
    "\"FILE_UPLOAD\", \"points\": 10, \"config\": {\"allowedTypes\": " \
    "[\"image\", \"document\"], \"maxFiles\": 2, \"maxSizeMB\": 10, " \
    "\"instructions\": \"Фото или PDF\"}}]}"

/* The student's answers, as an autosave body: most right, the order and
 * a blank wrong, no file for FILE_UPLOAD (0 points, nothing to review). */
static struct json_object *
answers(struct arena *a, const struct hw_question *q, size_t n)
{
	struct buf	 b;
	const char	*v;
	size_t		 i;

	buf_init(&b, a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		switch (q[i].type) {
		case HWQ_TEXT:
			v = "\"4.5\"";
			break;
		case HWQ_SINGLE:
			v = arena_printf(a, "%lld", (long long)q[i].choices[0].id);
			break;
		case HWQ_MULTI:
			v = arena_printf(a, "[%lld, %lld]", (long long)q[i].choices[0].id,
			    (long long)q[i].choices[1].id);
			break;
		case HWQ_LISTENING:
			v = "{\"sq-1\": \"Три\", \"sq-2\": \"вверх\"}";
			break;
		case HWQ_MATCHING:
			v = "{\"pair-1\": \"Москва\", \"pair-2\": \"Рим\", \"pair-3\": "
			    "\"Токио\"}";
			break;
		case HWQ_DRAG_DROP:
			v = "[\"item-2\", \"item-1\", \"item-3\"]";
			break;
		case HWQ_FILL_BLANKS:
			v = "[\"100\", \"нуле\"]";
			break;
		case HWQ_HOTSPOT:
			v = "[{\"x\": 60, \"y\": 25}]";
			break;
		default:
			continue;
		}
		buf_printf(&b, "%s\"%lld\": %s", b.len > 1 ? ", " : "",
		    (long long)q[i].id, v ? v : "null");
	}
	buf_putc(&b, '}');
	return b.err ? NULL : json_parse(a, b.p, b.len);
}

int
hw_demo_seed(struct arena *a, int64_t teacher, int64_t group, int64_t student,
    FILE *out)
{
	struct json_object	*body, *ans;
	struct hw_question	*qs;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	const char		*text, *deadline;
	char			 secret[33];
	int64_t			 id;
	size_t			 nq;
	int			 created;

	memset(&err, 0, sizeof(err));
	deadline = dt_iso(a, dt_db(a, lesson_now() + 7 * 86400LL * 1000000));
	text = arena_printf(a, DEMO_HOMEWORK, (long long)group, deadline);
	rand_hex(secret, 16);
	if (text == NULL || (body = json_parse(a, text, strlen(text))) == NULL ||
	    homework_create(a, teacher, body, &id, &err) != 0 ||
	    db_hw_get(a, id, &h) != 1 || homework_publish(a, &h, &err) != 0 ||
	    db_hw_get(a, id, &h) != 1 || db_hw_target(a, id, student, &t) != 1 ||
	    submission_start(a, secret, &h, &t, student, &s, &created, &err) != 0 ||
	    db_hw_questions(a, id, &qs, &nq) == -1 ||
	    (ans = answers(a, qs, nq)) == NULL ||
	    submission_submit(a, s.id, student, ans, &err) != 0) {
		fprintf(stderr, "tpanel: demo homework: %s\n", err.detail ?
		    err.detail : "database error");
		return -1;
	}
	fprintf(out, "A published homework \"Повторение: девять типов заданий\" "
	    "with one question of each type, handed in by the first student "
	    "(see /api/submissions/ as the teacher).\n");
	return 0;
}
