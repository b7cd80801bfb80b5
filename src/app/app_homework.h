/* The homework module's handlers (api_homework.c, api_submissions.c), for
 * the route table. */
#ifndef APP_APP_HOMEWORK_H
#define APP_APP_HOMEWORK_H

struct hw_err;
struct req;

/* Answer a domain refusal: the error's status and JSON body. Returns 0. */
int	 api_hw_error(struct req *, const struct hw_err *);

int	 api_hw_list(struct req *);
int	 api_hw_create(struct req *);
int	 api_hw_get(struct req *);
int	 api_hw_update(struct req *);
int	 api_hw_delete(struct req *);
int	 api_hw_publish(struct req *);
int	 api_hw_archive(struct req *);
int	 api_hw_assignment_details(struct req *);
int	 api_hw_my_answers(struct req *);
int	 api_hw_statistics(struct req *);
int	 api_hw_upload_answer(struct req *);

int	 api_sub_list(struct req *);
int	 api_sub_create(struct req *);
int	 api_sub_get(struct req *);
int	 api_sub_answer(struct req *);
int	 api_sub_submit(struct req *);
int	 api_sub_update_answer(struct req *);
int	 api_sub_feedback(struct req *);
int	 api_sub_grade(struct req *);
int	 api_sub_complete_review(struct req *);
int	 api_sub_send_for_revision(struct req *);

#endif
