/* Homework questions: the config checks, the student's view, answers made
 * canonical and graded, over any config and any answer. The input is a
 * type byte, a flags byte, then the config JSON and the answer JSON
 * separated by a newline. A score stays within 0..points; cleaning a
 * canonical answer again changes nothing. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "domain/hw_question.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Any JSON value (scalars too), or NULL. */
static struct json_object *
value(struct arena *a, const char *s, size_t n)
{
	struct json_object	*l;
	const char		*t;

	if ((t = arena_printf(a, "[%.*s]", (int)n, s)) == NULL ||
	    (l = json_parse(a, t, strlen(t))) == NULL ||
	    json_object_array_length(l) != 1)
		return NULL;
	return json_object_array_get_idx(l, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hw_choice	 choices[3];
	struct json_object	*cfg, *ans, *out, *again;
	struct hw_question	 q, copy;
	struct hw_problem	 p;
	struct hw_score		 s;
	struct arena		 a;
	const char		*body = (const char *)data + 2, *nl, **ids, *t1;
	size_t			 len, i, nids;
	int64_t			*cids;
	int			 empty;

	if (size < 2)
		return 0;
	arena_init(&a, 1 << 22);
	len = size - 2;
	nl = memchr(body, '\n', len);
	memset(&q, 0, sizeof(q));
	q.id = data[1];
	q.type = (enum hw_qtype)(data[0] % HWQ_NTYPES);
	q.points = data[1] % 16;
	cfg = json_parse(&a, body, nl ? (size_t)(nl - body) : len);
	q.config = cfg != NULL && json_object_is_type(cfg, json_type_object) ? cfg :
	    json_new_object(&a);
	for (i = 0; i < 3 && (q.type == HWQ_SINGLE || q.type == HWQ_MULTI); i++) {
		choices[i].id = (int64_t)i + 1;
		choices[i].text = "choice";
		choices[i].is_correct = data[1] >> (4 + i) & 1;
		choices[i].position = (int64_t)i;
		q.choices = choices;
		q.nchoices = i + 1;
	}
	if (hw_question_fill(&a, &q) == -1)
		goto out;
	(void)hw_question_check(&a, &q, 0, &p);
	(void)hw_question_check(&a, &q, 1, &p);
	copy = q;
	if (hw_question_key_changed(&q, &copy))
		__builtin_trap();
	(void)hw_question_student_config(&a, &q, data[0] * 7919u);
	ans = nl ? value(&a, nl + 1, len - (size_t)(nl + 1 - body)) : NULL;
	(void)hw_answer_file_ids(&a, ans, &ids, &nids);
	if (hw_answer_clean(&a, &q, ans, &out, &empty) != 1)
		goto out;
	if (hw_answer_choice_ids(&a, &q, out, &cids, &nids) == -1 ||
	    hw_grade(&a, &q, out, data[1] & 1, &s) == -1)
		goto out;
	if (s.has_score && (s.auto_score < 0 || s.auto_score > q.points))
		__builtin_trap();
	if (out != NULL) {
		t1 = arena_strdup(&a, json_text(out, NULL));
		if (hw_answer_clean(&a, &q, out, &again, &empty) != 1 ||
		    again == NULL || strcmp(t1, json_text(again, NULL)) != 0)
			__builtin_trap();
	}
out:
	arena_free(&a);
	return 0;
}
