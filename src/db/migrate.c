/* Schema migrations: apply sql/migrations/NNNN_name.sql in order, each
 * recorded with its checksum; an applied file must never change. */
#include "autoconf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "db/migrate.h"

#define MAX_MIGRATIONS	1000

static struct db_stmt st_table = DB_STMT(
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " checksum CHAR(64) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
static struct db_stmt st_lock = DB_STMT("SELECT GET_LOCK('tpanel_migrate', 60)");
static struct db_stmt st_unlock = DB_STMT("SELECT RELEASE_LOCK('tpanel_migrate')");
static struct db_stmt st_applied = DB_STMT(
    "SELECT version, name, checksum FROM schema_migrations ORDER BY version");
static struct db_stmt st_record = DB_STMT(
    "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)");

struct migration {
	int64_t	 version;
	char	 name[256];
};

static int
cmp(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;

	return (x->version > y->version) - (x->version < y->version);
}

/* NNNN_name.sql with name of [a-z0-9_]. */
static int
parse_name(const char *f, int64_t *version)
{
	size_t	 n = strlen(f), i;

	if (n < 10 || n > 200 || strcmp(f + n - 4, ".sql") != 0 || f[4] != '_')
		return -1;
	for (i = 5; i < n - 4; i++)
		if (!((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= '0' && f[i] <= '9') ||
		    f[i] == '_'))
			return -1;
	return str_to_i64(f, 4, 0, 9999, version);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE	*f;
	char	*p = NULL;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (p = malloc((size_t)n + 1)) != NULL) {
		if (fread(p, 1, (size_t)n, f) != (size_t)n) {
			free(p);
			p = NULL;
		} else {
			p[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return p;
}

/* Whether a statement starting at s[i] (after blanks and comments) is a
 * "DELIMITER xx" line, as the mariadb client reads it: then *d (up to 15
 * characters) and *eol, the end of that line. */
static int
delimiter_line(const char *s, size_t n, size_t i, char d[16], size_t *eol)
{
	size_t	 e, b, len;

	if (n - i < 10 || strncasecmp(s + i, "DELIMITER", 9) != 0 ||
	    (s[i + 9] != ' ' && s[i + 9] != '\t'))
		return 0;
	for (e = i + 9; e < n && s[e] != '\n'; e++)
		;
	for (b = i + 9; b < e && (s[b] == ' ' || s[b] == '\t'); b++)
		;
	for (len = e - b; len > 0 && (s[b + len - 1] == ' ' ||
	    s[b + len - 1] == '\t' || s[b + len - 1] == '\r'); len--)
		;
	if (len == 0 || len > 15)
		return 0;
	memcpy(d, s + b, len);
	d[len] = '\0';
	*eol = e;
	return 1;
}

/* Run each statement, skipping quotes and comments. Statements end with
 * ';', or with what a "DELIMITER xx" line says (for triggers and
 * procedures, whose bodies hold ';'), as with the mariadb client. */
static int
run_statements(const char *name, const char *s, size_t n)
{
	size_t	 i, start = 0, dl = 1, eol;
	char	 q = 0, delim[16] = ";";
	int	 only_space = 1;

	for (i = 0; i <= n; i++) {
		char c = i < n ? s[i] : delim[0];
		int end = i == n || (c == delim[0] && n - i >= dl &&
		    memcmp(s + i, delim, dl) == 0);

		if (q) {
			if (c == '\\' && q != '`' && i + 1 < n)
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (only_space && i < n && delimiter_line(s, n, i, delim, &eol)) {
			dl = strlen(delim);
			i = eol;
			start = i + 1;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`') {
			q = c;
			only_space = 0;
		} else if ((c == '-' && i + 1 < n && s[i + 1] == '-') || c == '#') {
			while (i < n && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
				;
			i++;
		} else if (end) {
			if (!only_space && db_exec_sql(s + start, i - start) == -1) {
				fprintf(stderr, "tpanel: migration %s failed; see the "
				    "log above. Statements before the failing one "
				    "are applied (DDL is not transactional).\n", name);
				return -1;
			}
			if (i < n)
				i += dl - 1;
			start = i + 1;
			only_space = 1;
		} else if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			only_space = 0;
	}
	return 0;
}

int
migrate_run(const struct config *cfg, int status_only)
{
	struct migration	*m = NULL;
	struct arena		 a;
	struct db_res		 applied, res;
	struct dirent		*de;
	DIR			*d;
	size_t			 nm = 0, i, r, len;
	char			 path[4096], sum[65], *text;
	const char		*old;
	int			 rc = -1, napplied = 0, locked = 0;

	arena_init(&a, 0);
	db_init(cfg);
	if ((d = opendir(cfg->migrations_dir)) == NULL) {
		fprintf(stderr, "tpanel: %s: %s\n", cfg->migrations_dir,
		    strerror(errno));
		goto out;
	}
	m = calloc(MAX_MIGRATIONS, sizeof(*m));
	while (m != NULL && (de = readdir(d)) != NULL) {
		int64_t v;

		if (de->d_name[0] == '.' || parse_name(de->d_name, &v) == -1)
			continue;
		if (nm == MAX_MIGRATIONS)
			break;
		m[nm].version = v;
		snprintf(m[nm].name, sizeof(m[nm].name), "%s", de->d_name);
		nm++;
	}
	closedir(d);
	if (m == NULL)
		goto out;
	qsort(m, nm, sizeof(*m), cmp);
	for (i = 1; i < nm; i++)
		if (m[i].version == m[i - 1].version) {
			fprintf(stderr, "tpanel: two migrations numbered %04lld: "
			    "%s and %s\n", (long long)m[i].version, m[i - 1].name,
			    m[i].name);
			goto out;
		}

	if (db_exec(&a, &st_table, NULL, 0, NULL) == -1 ||
	    db_exec(&a, &st_lock, NULL, 0, &res) == -1) {
		fprintf(stderr, "tpanel: cannot reach the database (%s)\n",
		    db_last_error() == DB_ERR_DOWN ? "connection failed" : "error");
		goto out;
	}
	if (db_cell_i64(&res, 0, 0, 0) != 1) {
		fprintf(stderr, "tpanel: another migrate is running\n");
		goto out;
	}
	locked = 1;
	if (db_exec(&a, &st_applied, NULL, 0, &applied) == -1)
		goto out;

	/* Verify every applied file first: an edited one stops everything. */
	for (i = 0; i < nm; i++) {
		snprintf(path, sizeof(path), "%s/%s", cfg->migrations_dir, m[i].name);
		if ((text = read_file(path, &len)) == NULL) {
			fprintf(stderr, "tpanel: %s: %s\n", path, strerror(errno));
			goto out;
		}
		hash_sha256_hex(text, len, sum);
		free(text);
		for (r = 0; r < applied.nrows; r++) {
			if (db_cell_i64(&applied, r, 0, -1) != m[i].version)
				continue;
			old = db_cell(&applied, r, 2);
			if (old == NULL || strcmp(old, sum) != 0) {
				fprintf(stderr, "tpanel: migration %s was edited "
				    "after it was applied (checksum differs); "
				    "restore it and add a new migration instead\n",
				    m[i].name);
				goto out;
			}
			m[i].version = -m[i].version - 1;	/* mark applied */
		}
	}
	for (i = 0; i < nm; i++) {
		int64_t v = m[i].version;

		if (v < 0)
			continue;
		if (status_only) {
			printf("pending  %s\n", m[i].name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", cfg->migrations_dir, m[i].name);
		if ((text = read_file(path, &len)) == NULL)
			goto out;
		hash_sha256_hex(text, len, sum);
		printf("applying %s\n", m[i].name);
		fflush(stdout);
		if (run_statements(m[i].name, text, len) == -1) {
			free(text);
			goto out;
		}
		free(text);
		{
			struct db_val p[] = { DB_INT(v), DB_STR(m[i].name),
			    DB_STR(sum) };

			if (db_exec(&a, &st_record, p, 3, NULL) == -1)
				goto out;
		}
		napplied++;
	}
	if (!status_only)
		printf("%d migration%s applied, %zu in all\n", napplied,
		    napplied == 1 ? "" : "s", nm);
	rc = 0;
out:
	if (locked)
		(void)db_exec(&a, &st_unlock, NULL, 0, NULL);
	free(m);
	db_close();
	arena_free(&a);
	return rc;
}
