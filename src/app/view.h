/* The JSON shapes of the API's objects, built once for both faces: the
 * API returns them, the pages render them. */
#ifndef APP_VIEW_H
#define APP_VIEW_H

#include <stddef.h>

struct arena;
struct group;
struct icode;
struct json_object;
struct user;

/* UserProfile: id, email, phone_number, names, role, avatar, ... */
struct json_object *view_user_profile(struct arena *, const struct user *);
/* Group: id, name, description, teacher (UserBrief), students, student_count,
 * invite_code (null unless show_code), kind, created_at, updated_at. */
struct json_object *view_group(struct arena *, const struct group *,
	    int show_code);
/* InviteCode: id, teacher (UserBrief), subject, invite_code, is_used,
 * used_by, used_by_email, used_by_name, used_at, created_at, plus
 * max_uses, use_count, expires_at, is_expired. */
struct json_object *view_icode(struct arena *, const struct icode *);
struct audit_row;
/* Audit log entries: id, user, user_email, action, resource_type,
 * resource_id, ip_address, user_agent, details (object), timestamp. */
struct json_object *view_audit_rows(struct arena *, const struct audit_row *,
	    size_t n);
/* "Last First Middle", empty parts skipped, else the email. */
const char *view_full_name(struct arena *, const char *last, const char *first,
	    const char *middle, const char *email);

#endif
