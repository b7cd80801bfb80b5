/* tpanel: the Teaching Panel server and its operator commands. */
#include "autoconf.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/config.h"
#include "core/log.h"
#include "core/master.h"
#include "db/migrate.h"

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
	    "  version          print the version\n"
	    "\n"
	    "Options:\n"
	    "  -c FILE          configuration file (default %s/tpanel.conf);\n"
	    "                   every setting can be overridden by TPANEL_<NAME>\n"
	    "  -h, --help       this help\n", SYSCONFDIR);
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
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "tpanel: %s\n", err);
		return 1;
	}
	if (log_level_parse(cfg.log_level, &lvl) == 0)
		log_set_level(lvl);
	if (strcmp(cmd, "serve") == 0 && argc == 1) {
		if (config_check_serve(&cfg, err, sizeof(err)) == -1) {
			fprintf(stderr, "tpanel: %s\n", err);
			rc = 1;
		} else
			rc = master_run(path, &cfg, &app);
	} else if (strcmp(cmd, "migrate") == 0 && (argc == 1 ||
	    (argc == 2 && strcmp(argv[1], "--status") == 0)))
		rc = migrate_run(&cfg, argc == 2) == 0 ? 0 : 1;
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
