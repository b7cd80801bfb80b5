/* The outbound gate: how many of tpanel serve's workers may wait on an
 * outside service (Zoom) at once, counted across the workers in memory
 * they share (like the data version's counters, core/cache.h). A worker
 * holds its place from its first outbound call until its request ends, so
 * a slow service can hold a configured share of the workers and never all
 * of them: the rest go on answering pages and the API. */
#ifndef CORE_GATE_H
#define CORE_GATE_H

#include <sys/types.h>

#define GATE_SLOTS	256	/* the most workers a host runs */

/* Share the places between the processes forked after it (the master,
 * before its workers). 0 or -1. */
int	 gate_init(void);
/* How many places: share percent of workers, at least one. The master
 * sets it at start and on reload. */
void	 gate_set_limit(long workers, long share_percent);
/* This process is a worker: its outbound calls count (elsewhere, in the
 * scheduler or a command, gate_enter always lets them through). */
void	 gate_worker(void);
/* Take a place for this worker's request (it may hold one already): 1,
 * or 0 when every place is taken (answer 503 with Retry-After). */
int	 gate_enter(void);
/* The request is over: give the place back, if held. */
void	 gate_leave(void);
/* A worker died holding a place: the master gives it back. */
void	 gate_forget(pid_t);
/* Places taken now, and their number (for /metrics and tests). */
int	 gate_in_use(void);
int	 gate_limit(void);

#endif
