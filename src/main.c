/* tpanel: the Teaching Panel server and its operator commands. */
#include "autoconf.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/master.h"
#include "core/router.h"
#include "core/worker.h"
#include "crypto/aead.h"
#include "db/db.h"
#include "db/db_user.h"
#include "db/migrate.h"
#include "domain/account.h"
#include "domain/demo.h"
#include "import/django.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: tpanel [-c FILE] COMMAND [ARGS]\n"
	    "\n"
	    "Teaching Panel: lessons, groups and a Zoom account pool.\n"
	    "\n"
	    "Commands:\n"
	    "  serve            run the FastCGI master and its workers\n"
	    "  migrate          apply pending database migrations\n"
	    "  migrate --status list pending migrations, apply nothing\n"
	    "  config           print the effective settings (secrets hidden)\n"
	    "  routes           print the route table: METHOD, PATTERN and who may\n"
	    "                   call (anon,user,student,teacher,admin,html,csrf),\n"
	    "                   tab-separated, then the path aliases (ALIAS);\n"
	    "                   needs no configuration\n"
	    "  user create --email EMAIL --role student|teacher|admin\n"
	    "              [--first-name NAME] [--last-name NAME]\n"
	    "                   create a user; the password is the first line\n"
	    "                   of standard input\n"
	    "  user set-password --email EMAIL\n"
	    "                   set a password read the same way\n"
	    "  seed-demo        create demo users, a group and an invite code\n"
	    "                   (once; prints the generated passwords)\n"
	    "  import-django FILE [--dry-run]\n"
	    "                   import the original Django system's data from\n"
	    "                   its `manage.py dumpdata` JSON export, in one\n"
	    "                   transaction; --dry-run does all but commit.\n"
	    "                   Prints a report (docs/migrating.md)\n"
	    "  version          print the version\n"
	    "\n"
	    "Options:\n"
	    "  -c FILE          configuration file (default %s/tpanel.conf);\n"
	    "                   every setting can be overridden by TPANEL_<NAME>\n"
	    "  -h, --help       this help\n", SYSCONFDIR);
}

/* tpanel routes: one line per route, METHOD<TAB>PATTERN<TAB>flags, then
 * one per path alias, ALIAS<TAB>PREFIX*<TAB>TARGET*. */
static int
cmd_routes(void)
{
	static const struct {
		unsigned	 flag;
		const char	*name;
	} names[] = {
		{ R_ANON, "anon" }, { R_USER, "user" }, { R_STUDENT, "student" },
		{ R_TEACHER, "teacher" }, { R_ADMIN, "admin" }, { R_HTML, "html" },
		{ R_CSRF, "csrf" }, { R_CACHE, "cache" }, { R_UPLOAD, "upload" },
	};
	size_t	 i, k;
	int	 first;

	for (i = 0; i < app.nroutes; i++) {
		printf("%s\t%s\t", app.routes[i].method, app.routes[i].pattern);
		for (first = 1, k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (app.routes[i].flags & names[k].flag) {
				printf("%s%s", first ? "" : ",", names[k].name);
				first = 0;
			}
		putchar('\n');
	}
	for (i = 0; i < app.naliases; i++)
		printf("ALIAS\t%s*\t%s*\n", app.aliases[i].from, app.aliases[i].to);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/* The first line of standard input, without its newline, or NULL. */
static char *
read_password(char *buf, size_t len)
{
	size_t	 n;

	if (fgets(buf, (int)len, stdin) == NULL)
		return NULL;
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	return buf;
}

/* tpanel user create|set-password ... */
static int
cmd_user(const struct config *cfg, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "role", required_argument, NULL, 'r' },
		{ "first-name", required_argument, NULL, 'f' },
		{ "last-name", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct account_new	 n = { .first_name = "", .last_name = "",
	    .middle_name = "", .allow_admin = 1 };
	struct field_err	 err;
	struct arena		 a;
	struct user		 u;
	const char		*msg = NULL, *sub;
	char			 pw[1100];
	int			 ch, rc = 1;

	if (argc < 2) {
		fprintf(stderr, "tpanel: user create|set-password --email EMAIL\n");
		return 2;
	}
	sub = argv[1];
	optind = 1;
	argc--;
	argv++;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': n.email = optarg; break;
		case 'r': n.role = optarg; break;
		case 'f': n.first_name = optarg; break;
		case 'l': n.last_name = optarg; break;
		default: return 2;
		}
	}
	if (optind != argc || n.email == NULL ||
	    (strcmp(sub, "create") == 0 && n.role == NULL) ||
	    (strcmp(sub, "create") != 0 && strcmp(sub, "set-password") != 0)) {
		fprintf(stderr, "tpanel: user create --email EMAIL --role ROLE | "
		    "user set-password --email EMAIL (password on stdin)\n");
		return 2;
	}
	if ((n.password = read_password(pw, sizeof(pw))) == NULL) {
		fprintf(stderr, "tpanel: no password on standard input\n");
		return 2;
	}
	arena_init(&a, 0);
	db_init(cfg);
	if (strcmp(sub, "create") == 0) {
		rc = account_register(&a, &n, &u, &err);
		if (rc == 0)
			printf("created %s user %s (id %lld)\n", u.role, u.email,
			    (long long)u.id);
		else if (rc == ACCOUNT_INVALID)
			fprintf(stderr, "tpanel: %s: %s\n", err.field, err.msg);
	} else {
		rc = account_set_password(&a, n.email, n.password, &msg);
		if (rc == 0)
			printf("password set for %s\n", n.email);
		else if (rc == ACCOUNT_INVALID)
			fprintf(stderr, "tpanel: %s\n", msg);
	}
	if (rc == ACCOUNT_DB)
		fprintf(stderr, "tpanel: database error (%s)\n",
		    db_last_error() == DB_ERR_DOWN ? "cannot connect" : "see log");
	explicit_bzero(pw, sizeof(pw));
	db_close();
	arena_free(&a);
	return rc == 0 ? 0 : 1;
}

/* tpanel seed-demo */
static int
cmd_seed_demo(const struct config *cfg)
{
	struct arena	 a;
	int		 rc;

	arena_init(&a, 0);
	db_init(cfg);
	if ((rc = demo_seed(&a, stdout)) == 1)
		printf("demo data already there\n");
	db_close();
	arena_free(&a);
	return rc == -1 ? 1 : 0;
}

/* tpanel import-django FILE [--dry-run] */
static int
cmd_import_django(const struct config *cfg, int argc, char *argv[])
{
	const char	*path = NULL;
	int		 i, dry_run = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry_run = 1;
		else if (path == NULL && argv[i][0] != '-')
			path = argv[i];
		else
			break;
	}
	if (path == NULL || i < argc) {
		fprintf(stderr, "tpanel: import-django FILE [--dry-run]\n");
		return 2;
	}
	/* Teachers' own Zoom client secrets are sealed as tpanel serve would. */
	if (aead_set_key(cfg->secret_encryption_key, cfg->secret_key) == -1 &&
	    cfg->secret_encryption_key[0] != '\0') {
		fprintf(stderr, "tpanel: secret_encryption_key must be 64 hex "
		    "characters\n");
		return 1;
	}
	db_init(cfg);
	rc = import_django_run(path, dry_run, stdout);
	db_close();
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "config", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct config	 cfg;
	enum log_level	 lvl;
	const char	*path = NULL, *cmd;
	char		 err[512];
	int		 ch, rc;

	/* Letters of any script count in the password policy. */
	setlocale(LC_CTYPE, "C.UTF-8");
	while ((ch = getopt_long(argc, argv, "+c:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	cmd = argv[0];
	if (strcmp(cmd, "version") == 0) {
		printf("tpanel %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "routes") == 0 && argc == 1)
		return cmd_routes();
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "tpanel: %s\n", err);
		config_free(&cfg);
		return 1;
	}
	if (log_level_parse(cfg.log_level, &lvl) == 0)
		log_set_level(lvl);
	dt_zone_set(cfg.time_zone);
	if (strcmp(cmd, "serve") == 0 && argc == 1) {
		if (config_check_serve(&cfg, err, sizeof(err)) == -1) {
			fprintf(stderr, "tpanel: %s\n", err);
			rc = 1;
		} else
			rc = master_run(path, &cfg, &app);
	} else if (strcmp(cmd, "migrate") == 0 && (argc == 1 ||
	    (argc == 2 && strcmp(argv[1], "--status") == 0)))
		rc = migrate_run(&cfg, argc == 2) == 0 ? 0 : 1;
	else if (strcmp(cmd, "user") == 0)
		rc = cmd_user(&cfg, argc, argv);
	else if (strcmp(cmd, "seed-demo") == 0 && argc == 1)
		rc = cmd_seed_demo(&cfg);
	else if (strcmp(cmd, "import-django") == 0)
		rc = cmd_import_django(&cfg, argc, argv);
	else if (strcmp(cmd, "config") == 0 && argc == 1) {
		config_dump(&cfg, 0);
		rc = 0;
	} else {
		fprintf(stderr, "tpanel: unknown command or arguments: %s\n", cmd);
		usage(stderr);
		rc = 2;
	}
	config_free(&cfg);
	return rc;
}
