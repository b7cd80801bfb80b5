/* The homework module's pages, for the route table: the teacher's list,
 * constructor, assignment, review and statistics (page_hw_teacher.c,
 * page_hw_question.c, page_hw_review.c); the student's to-do list, take
 * and result pages (page_hw_take.c). */
#ifndef APP_APP_HW_PAGES_H
#define APP_APP_HW_PAGES_H

struct json_object;
struct req;

int	 page_hw_list(struct req *);
int	 page_hw_new(struct req *);
int	 page_hw_create(struct req *);
int	 page_hw_edit(struct req *);
int	 page_hw_edit_post(struct req *);
int	 page_hw_assign(struct req *);
int	 page_hw_assign_post(struct req *);
int	 page_hw_publish(struct req *);
int	 page_hw_archive(struct req *);
int	 page_hw_delete(struct req *);
int	 page_hw_order(struct req *);
int	 page_hw_media(struct req *);
int	 page_hwq_new(struct req *);
int	 page_hwq_create(struct req *);
int	 page_hwq_edit(struct req *);
int	 page_hwq_save(struct req *);
int	 page_hwq_move(struct req *);
int	 page_hwq_delete(struct req *);
int	 page_hwq_media(struct req *);
int	 page_hw_stats(struct req *);
int	 page_sub_review(struct req *);
int	 page_sub_review_post(struct req *);

int	 page_hw_todo(struct req *);
int	 page_hw_take(struct req *);
int	 page_hw_start(struct req *);
int	 page_hw_answer(struct req *);
int	 page_hw_upload(struct req *);
int	 page_hw_submit(struct req *);
int	 page_hw_result(struct req *);

/* For the dashboards (page_home.c): the teacher's count of work waiting
 * for review ("hw_to_check"), the student's newest homework to do
 * ("hw_todo", "hw_to_do" their number among the newest). 0, or -1 when
 * the database failed. */
int	 page_hw_dash(struct req *, struct json_object *ctx);

#endif
