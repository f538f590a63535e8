/*
 * cli/cmd_user.c — `noaber user`: create, list, disable web logins and reset
 * their passwords (docs/accounts.md).
 *
 * A password is never taken from the command line (argv is visible to every
 * user of the machine through ps): it is read from a terminal with echo off
 * (asked twice) or, when stdin is not a terminal, as the first line of stdin.
 * Every change is audited as actor "cli". Exit codes: 0 ok, 1 database or
 * I/O failure, 2 wrong usage (flags, role without its organisation/person),
 * 3 bad input data (a password the policy refuses, a name that is taken, an
 * unknown user, organisation or person).
 */
#include "cli/cli.h"

#include "cli/demo.h"
#include "core/password.h"
#include "store/store.h"
#include "store/users.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void nb_user_usage(FILE *out)
{
    fprintf(out, "usage: noaber user create LOGIN --role ROLE [--organisation ID] [--person ID]\n"
                 "                               [--name TEXT] [--db FILE]\n"
                 "       noaber user list [--db FILE]\n"
                 "       noaber user disable LOGIN|ID [--db FILE]\n"
                 "       noaber user reset-password LOGIN|ID [--db FILE]\n\n"
                 "Logins for the web pages. ROLE is beheer (network management; must set up a\n"
                 "second factor at first login), coordinator or lezer (need --organisation),\n"
                 "medewerker (needs --person). LOGIN is 3-64 characters of a-z 0-9 . _ @ -,\n"
                 "unique without regard to case. The password is asked on the terminal\n"
                 "(twice, not shown) or read as the first line of stdin; never give it as an\n"
                 "argument. It must be at least 12 characters and not the login name.\n"
                 "disable ends the user's sessions; reset-password too.\n"
                 "Exit codes: 0 ok, 1 failure, 2 wrong usage, 3 refused input (password,\n"
                 "taken name, unknown user).\n");
}

/* Reads one line into buf without echo when fd 0 is a terminal. 0, or -1 at EOF. */
static int nb_user_read_line(const char *prompt, char *buf, size_t len)
{
    int tty = isatty(0);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        /* NOLINTNEXTLINE(cert-err33-c): the prompt is a courtesy; reading the password does not depend on it */
        fflush(stderr);
        if (tcgetattr(0, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(0, TCSAFLUSH, &quiet);
        } else {
            tty = 0;
        }
    }
    char *got = fgets(buf, (int)len, stdin);
    if (tty) {
        tcsetattr(0, TCSAFLUSH, &old);
        fprintf(stderr, "\n");
    }
    if (got == NULL)
        return -1;
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    return 0;
}

/* The new password, from the terminal (twice) or stdin; 0 or an exit code. */
static int nb_user_read_password(char *pw, size_t len)
{
    char again[NB_PASSWORD_MAX_BYTES + 4];
    if (nb_user_read_line("New password: ", pw, len) != 0) {
        fprintf(stderr, "noaber user: no password given (type it, or give it on stdin)\n");
        return NB_EXIT_USAGE;
    }
    if (strlen(pw) + 1 >= len) {
        fprintf(stderr, "noaber user: the password is longer than %d bytes\n",
                NB_PASSWORD_MAX_BYTES);
        return NB_EXIT_DATA;
    }
    if (isatty(0)) {
        int r = nb_user_read_line("Again: ", again, sizeof again);
        int same = r == 0 && strcmp(pw, again) == 0;
        sodium_memzero(again, sizeof again);
        if (!same) {
            fprintf(stderr, "noaber user: the two passwords differ; nothing was changed\n");
            return NB_EXIT_DATA;
        }
    }
    return 0;
}

static int nb_user_print(void *ctx, const nb_user *u)
{
    (void)ctx;
    printf("%-5lld %-24s %-12s %-5lld %-6lld %-4s %-20s %s\n", (long long)u->id, u->login, u->role,
           (long long)u->organisation_id, (long long)u->person_id, u->totp_enrolled ? "ja" : "nee",
           u->disabled_at, u->display_name);
    return 0;
}

/* Finds a user by id (all digits) or login name. */
static int nb_user_lookup(nb_store *st, const char *which, nb_user *u, nb_err *err)
{
    char *end = NULL;
    long long id = strtoll(which, &end, 10);
    if (which[0] != '\0' && *end == '\0' && id > 0)
        return nb_user_get(st, id, u, err);
    return nb_user_find(st, which, u, err);
}

static int nb_user_exit(int r)
{
    if (r == NB_EINVAL || r == NB_ENOTFOUND || r == NB_ECONFLICT)
        return NB_EXIT_DATA;
    return NB_EXIT_FAIL;
}

int nb_cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"config", required_argument, NULL, 'c'},
        {"role", required_argument, NULL, 'r'},   {"organisation", required_argument, NULL, 'o'},
        {"person", required_argument, NULL, 'p'}, {"name", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    nb_cli_opts o = {0};
    const char *name = "";
    int c, rc = NB_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:r:o:p:n:h", opts, NULL)) != -1) {
        int shared = nb_cli_shared_opt(c, optarg, "dcrop", &o);
        if (shared < 0)
            return NB_EXIT_USAGE;
        if (shared > 0)
            continue;
        switch (c) {
        case 'n':
            name = optarg;
            break;
        case 'h':
            nb_user_usage(stdout);
            return NB_EXIT_OK;
        default:
            nb_user_usage(stderr);
            return NB_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        nb_user_usage(stderr);
        return NB_EXIT_USAGE;
    }
    const char *verb = argv[optind];
    int is_create = strcmp(verb, "create") == 0, is_list = strcmp(verb, "list") == 0,
        is_disable = strcmp(verb, "disable") == 0, is_reset = strcmp(verb, "reset-password") == 0;
    if (!is_create && !is_list && !is_disable && !is_reset) {
        fprintf(stderr,
                "noaber user: unknown action '%s'; use create, list, disable or "
                "reset-password\n",
                verb);
        return NB_EXIT_USAGE;
    }
    int want_args = is_list ? 1 : 2;
    if (argc - optind != want_args) {
        if (is_list)
            fprintf(stderr, "noaber user list: unexpected argument '%s'\n", argv[optind + 1]);
        else
            fprintf(stderr, "noaber user %s: give exactly one %s\n", verb,
                    is_create ? "LOGIN name" : "LOGIN name or user id");
        return NB_EXIT_USAGE;
    }
    if (is_create && o.role == NULL) {
        fprintf(stderr, "noaber user create: --role is required\n");
        return NB_EXIT_USAGE;
    }
    if (!is_create && (o.role || o.org || o.person || (name != NULL && name[0]))) {
        fprintf(stderr,
                "noaber user %s: --role, --organisation, --person and --name are only "
                "for create\n",
                verb);
        return NB_EXIT_USAGE;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "noaber user: libsodium could not initialise\n");
        return NB_EXIT_FAIL;
    }
    const char *who = is_list ? NULL : argv[optind + 1];
    char pw[NB_PASSWORD_MAX_BYTES + 2];
    pw[0] = '\0';
    if ((is_create || is_reset) && (rc = nb_user_read_password(pw, sizeof pw)) != 0)
        return rc;
    nb_store *st = nb_cli_open_store(o.db, o.config, 0);
    if (st == NULL) {
        sodium_memzero(pw, sizeof pw);
        return NB_EXIT_FAIL;
    }
    nb_err err = {{0}};
    if (is_list) {
        printf("%-5s %-24s %-12s %-5s %-6s %-4s %-20s %s\n", "id", "login", "role", "org", "person",
               "totp", "disabled", "name");
        if (nb_user_list(st, nb_user_print, NULL, &err) != 0) {
            fprintf(stderr, "noaber user: %s\n", err.msg);
            rc = NB_EXIT_FAIL;
        }
        goto cleanup;
    }
    nb_actor actor = {"cli", "system", "local"};
    nb_user u;
    int64_t id = 0;
    int r = nb_store_begin(st, &err);
    if (r == 0 && is_create) {
        /* Role rules are usage errors, as for `noaber token create`. */
        r = nb_user_create(st, &actor, who, name, o.role, o.org, o.person, pw, &id, &err);
        if (r == NB_EINVAL && strstr(err.msg, "role") != NULL) {
            nb_store_rollback(st);
            fprintf(stderr, "noaber user create: %s\n", err.msg);
            rc = NB_EXIT_USAGE;
            goto cleanup;
        }
    } else if (r == 0) {
        r = nb_user_lookup(st, who, &u, &err);
        if (r == NB_ENOTFOUND)
            snprintf(err.msg, sizeof err.msg, "no user '%s' (see 'noaber user list')", who);
        if (r == 0)
            r = is_disable ? nb_user_disable(st, &actor, u.id, &err)
                           : nb_user_set_password(st, &actor, u.id, pw, &err);
    }
    if (r == 0)
        r = nb_store_commit(st, &err);
    if (r != 0) {
        nb_store_rollback(st);
        fprintf(stderr, "noaber user %s: %s\n", verb, err.msg);
        rc = nb_user_exit(r);
        goto cleanup;
    }
    if (is_create)
        printf("noaber: user %lld '%s' created\n", (long long)id, who);
    else if (is_disable)
        printf("noaber: user '%s' disabled; its sessions have ended\n", u.login);
    else
        printf("noaber: password of '%s' set; its sessions have ended\n", u.login);
cleanup:
    sodium_memzero(pw, sizeof pw);
    nb_store_close(st);
    return rc;
}

int nb_demo_logins(nb_store *st, int64_t org_id, int64_t person_id, nb_demo_login out[4],
                   nb_err *err)
{
    static const char *const roles[4] = {"beheer", "coordinator", "medewerker", "lezer"};
    static const char *const names[4] = {"Demo netwerk-MT", "Demo coördinator", "Demo medewerker",
                                         "Demo lezer (raad)"};
    nb_actor actor = {"cli", "system", "local"};
    for (int i = 0; i < 4; i++) {
        unsigned char raw[12];
        int64_t id = 0;
        memset(&out[i], 0, sizeof out[i]);
        out[i].role = roles[i];
        snprintf(out[i].login, sizeof out[i].login, "demo-%s", roles[i]);
        randombytes_buf(raw, sizeof raw);
        sodium_bin2base64(out[i].password, sizeof out[i].password, raw, sizeof raw,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        sodium_memzero(raw, sizeof raw);
        int64_t org = (i == 1 || i == 3) ? org_id : 0, person = i == 2 ? person_id : 0;
        int rc = nb_user_create(st, &actor, out[i].login, names[i], roles[i], org, person,
                                out[i].password, &id, err);
        if (rc != 0)
            return rc;
    }
    return 0;
}
