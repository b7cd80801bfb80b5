/* Structured JSON log lines to stderr: one object a line, with level, pid,
 * request id and route. Never pass a password, token or secret. */
#ifndef CORE_LOG_H
#define CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void	 log_set_level(enum log_level);
int	 log_level_parse(const char *, enum log_level *);
/* The request the lines belong to (NULL, NULL outside a request). */
void	 log_set_request(const char *id, const char *route);
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Like log_warnx, with strerror(errno) appended. */
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Log at error level and exit(1). */
void	 fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Write a prepared JSON object line (the access log). */
void	 log_json_line(const char *json);
/* Before forking processes that log to the same file: share with them
 * what keeps a line cut short (a full disk) from running into the next
 * one, whoever writes it. 0, or -1 (each process then minds its own). */
int	 log_share(void);
/* Append s as the inside of a JSON string (no quotes) to the buffer. */
struct buf;
void	 log_json_escape(struct buf *, const char *s);

#endif
