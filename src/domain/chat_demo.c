/* Demo data of the chat: the demo group's chat and a private chat between
 * the teacher and a student, each with a few messages. */
#include "autoconf.h"

#include <stddef.h>

#include "db/db_message.h"
#include "domain/chat.h"

int
chat_demo(struct arena *a, int64_t teacher, int64_t student, int64_t group)
{
	static const char *const group_says[] = {
		"Добрый день! В четверг контрольная по квадратным уравнениям.",
		"А можно будет пользоваться калькулятором?",
		"Можно, но только простым, без графиков.",
	};
	static const char *const dm_says[] = {
		"Анна Сергеевна, я не понял задачу 14 из домашнего задания.",
		"Давайте разберём на уроке. Пока попробуйте начать с дискриминанта.",
	};
	struct chat_who		 t = { teacher, "teacher", "Петрова Анна" };
	struct chat_who		 s = { student, "student", "Смирнов Иван" };
	struct field_err	 err;
	struct chat_msg		 m;
	int64_t			 gc, dm;
	size_t			 i;
	int			 is_group;

	if (chat_create_group(a, &t, NULL, group, NULL, 0, &gc, &err) !=
	    CHAT_CREATED || chat_open_private(a, &s, teacher, &dm, &err) !=
	    CHAT_CREATED)
		return -1;
	for (i = 0; i < sizeof(group_says) / sizeof(group_says[0]); i++)
		if (chat_send(a, i == 1 ? &s : &t, gc, group_says[i], 0, NULL, &m,
		    &is_group, &err) != CHAT_CREATED)
			return -1;
	for (i = 0; i < sizeof(dm_says) / sizeof(dm_says[0]); i++)
		if (chat_send(a, i == 0 ? &s : &t, dm, dm_says[i], 0, NULL, &m,
		    &is_group, &err) != CHAT_CREATED)
			return -1;
	return 0;
}
