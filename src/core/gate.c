/* The outbound gate: a share of the workers for slow outside calls. */
#include "autoconf.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/gate.h"

struct shared {
	int	 limit;
	pid_t	 holder[GATE_SLOTS];	/* 0: free */
};

static struct shared	*sh;		/* NULL: no gate (commands, tests) */
static int		 counted;	/* this process is a worker */
static int		 mine = -1;	/* the place this process holds */

int
gate_init(void)
{
	void	*p;

	p = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	sh = p;
	memset(sh, 0, sizeof(*sh));
	sh->limit = 1;
	return 0;
}

void
gate_set_limit(long workers, long share)
{
	long	 n = workers * share / 100;

	if (sh == NULL)
		return;
	n = n < 1 ? 1 : n > GATE_SLOTS ? GATE_SLOTS : n;
	__atomic_store_n(&sh->limit, (int)n, __ATOMIC_SEQ_CST);
}

void
gate_worker(void)
{
	counted = 1;
}

int
gate_enter(void)
{
	pid_t	 self = getpid(), none;
	int	 i, limit;

	if (sh == NULL || !counted || mine >= 0)
		return 1;
	limit = __atomic_load_n(&sh->limit, __ATOMIC_SEQ_CST);
	for (i = 0; i < limit; i++) {
		none = 0;
		if (__atomic_compare_exchange_n(&sh->holder[i], &none, self, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			mine = i;
			return 1;
		}
	}
	return 0;
}

void
gate_leave(void)
{
	if (sh == NULL || mine < 0)
		return;
	__atomic_store_n(&sh->holder[mine], 0, __ATOMIC_SEQ_CST);
	mine = -1;
}

void
gate_forget(pid_t pid)
{
	pid_t	 p;
	int	 i;

	for (i = 0; sh != NULL && i < GATE_SLOTS; i++) {
		p = pid;
		(void)__atomic_compare_exchange_n(&sh->holder[i], &p, 0, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
}

int
gate_in_use(void)
{
	int	 i, n = 0;

	for (i = 0; sh != NULL && i < GATE_SLOTS; i++)
		n += __atomic_load_n(&sh->holder[i], __ATOMIC_SEQ_CST) != 0;
	return n;
}

int
gate_limit(void)
{
	return sh != NULL ? __atomic_load_n(&sh->limit, __ATOMIC_SEQ_CST) : 0;
}
