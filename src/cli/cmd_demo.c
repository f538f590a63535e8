/*
 * cli/cmd_demo.c — `noaber demo`: build a deterministic, realistic demo network.
 *
 * Same seed, same network: a splitmix64 generator drives every choice. The
 * network has the real member municipalities (Drechtsteden or Noordoost-
 * Twente) plus a regional pool, the competency catalogue (57 in six
 * domains), Lochem's four role profiles, about 1,500 people spread over the
 * members by formation, and about 150 assignments of all three kinds, and a
 * ledger history of a few months (demo_ledger.c: deposits, allocations,
 * time entries, one closed month). All of it goes through the store in one
 * transaction: all or nothing.
 */
#include "cli/cli.h"

#include "cli/demo.h"
#include "cli/demo_data.h"
#include "core/split.h"
#include "store/competencies.h"
#include "store/organisations.h"
#include "store/people.h"
#include "store/role_profiles.h"
#include "util/date.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Deterministic randomness ---------------------------------------------- */

uint64_t nb_demo_next(nb_demo_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int64_t nb_demo_range(nb_demo_rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo) /* also keeps the modulus below from being 0 */
        return lo;
    return lo + (int64_t)(nb_demo_next(r) % ((uint64_t)hi - (uint64_t)lo + 1));
}

/* Picks an index by integer weights. */
size_t nb_demo_pick(nb_demo_rng *r, const int *weights, size_t n)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += weights[i];
    int64_t x = nb_demo_range(r, 0, sum - 1);
    for (size_t i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

static size_t nb_demo_domain_index(const char *domain)
{
    static const char *const order[] = {"sociaal",         "fysiek",     "bedrijfsvoering",
                                        "dienstverlening", "veiligheid", "bestuur-en-strategie"};
    for (size_t i = 0; i < 6; i++)
        if (strcmp(order[i], domain) == 0)
            return i;
    return 0;
}

/* ---- Registry ---------------------------------------------------------------- */

static int nb_demo_members(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, nb_err *err)
{
    for (size_t i = 0; i < net->nmembers; i++) {
        const nb_demo_member *m = &net->members[i];
        nb_org o;
        memset(&o, 0, sizeof o);
        snprintf(o.code, sizeof o.code, "%s", m->code);
        snprintf(o.kind, sizeof o.kind, "%s", m->kind);
        snprintf(o.name, sizeof o.name, "%s", m->name);
        o.inhabitants = m->inhabitants;
        o.area_hundredths = m->area_hundredths;
        o.fte_hundredths = m->fte_hundredths;
        o.caseload = m->caseload;
        o.fund_euros = m->fund_euros;
        o.fixed_share = strcmp(m->kind, "gemeente") == 0 ? 1 : 0;
        /* Credit line: 20 hours per fte of formation. */
        o.credit_line_minutes = m->fte_hundredths * 12;
        int rc = nb_org_insert(st, &o, err);
        if (rc != 0)
            return rc;
        ctx->org_ids[i] = o.id;
        ctx->org_is_gemeente[i] = strcmp(m->kind, "gemeente") == 0;
        ctx->norgs++;
    }
    return 0;
}

static int nb_demo_catalogue(nb_store *st, nb_demo_ctx *ctx, nb_err *err)
{
    for (size_t i = 0; i < nb_demo_ncomps; i++) {
        nb_comp c;
        memset(&c, 0, sizeof c);
        snprintf(c.code, sizeof c.code, "%s", nb_demo_comps[i].code);
        snprintf(c.name, sizeof c.name, "%s", nb_demo_comps[i].name);
        snprintf(c.domain, sizeof c.domain, "%s", nb_demo_comps[i].domain);
        int rc = nb_comp_insert(st, &c, err);
        if (rc != 0)
            return rc;
        ctx->comp_ids[i] = c.id;
    }
    for (size_t i = 0; i < nb_demo_nprofiles; i++) {
        const nb_demo_profile *dp = &nb_demo_profiles[i];
        nb_profile *p = calloc(1, sizeof *p);
        if (p == NULL)
            return nb_err_set(err, NB_ENOMEM, "out of memory");
        snprintf(p->name, sizeof p->name, "%s", dp->name);
        snprintf(p->description, sizeof p->description, "%s", dp->description);
        for (size_t k = 0; dp->codes[k]; k++) {
            for (size_t c = 0; c < nb_demo_ncomps; c++) {
                if (strcmp(nb_demo_comps[c].code, dp->codes[k]) == 0) {
                    p->lines[p->nlines].competency_id = ctx->comp_ids[c];
                    p->lines[p->nlines].weight = dp->weights[k];
                    p->nlines++;
                }
            }
        }
        int rc = nb_profile_insert(st, p, err);
        free(p);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* One person of organisation slot `org` in the ctx. */
static int nb_demo_person(nb_store *st, nb_demo_ctx *ctx, size_t org, int64_t serial, nb_person *p,
                          nb_err *err)
{
    nb_demo_rng *r = &ctx->rng;
    static const int level_w[] = {10, 25, 35, 22, 8};
    static const int hours_w[] = {45, 25, 15, 10, 5}; /* 36, 32, 28, 24, 40 h */
    static const int64_t hours[] = {36, 32, 28, 24, 40};
    memset(p, 0, sizeof *p);
    p->organisation_id = ctx->org_ids[org];
    const char *first = nb_demo_first_names[nb_demo_range(r, 0, (int64_t)nb_demo_nfirst - 1)];
    const char *last = nb_demo_last_names[nb_demo_range(r, 0, (int64_t)nb_demo_nlast - 1)];
    snprintf(p->name, sizeof p->name, "%s %s", first, last);
    /* e-mail: first.last.serial@<code>.demo.noaber.nl, ASCII only. */
    char local[96];
    size_t k = 0;
    for (const char *s = p->name; *s && k + 1 < sizeof local; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch >= 'A' && ch <= 'Z')
            local[k++] = (char)(ch + 32);
        else if ((ch >= 'a' && ch <= 'z') || ch == '-')
            local[k++] = (char)ch;
        else if (ch == ' ')
            local[k++] = '.';
    }
    local[k] = '\0';
    snprintf(p->email, sizeof p->email, "%s.%lld@%s.demo.noaber.nl", local, (long long)serial,
             ctx->org_codes[org]);
    for (char *c = p->email; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    size_t domain = (size_t)nb_demo_range(r, 0, 5);
    snprintf(p->job_title, sizeof p->job_title, "%s",
             nb_demo_titles[domain][nb_demo_range(r, 0, 3)]);
    p->scale = nb_demo_range(r, 6, 13) + (nb_demo_range(r, 0, 9) == 0 ? 1 : 0);
    p->contract_minutes_week = hours[nb_demo_pick(r, hours_w, 5)] * 60;
    /* Hours for the network: most give 0-8 h, the pool gives most of its time. */
    if (!ctx->org_is_gemeente[org])
        p->network_minutes_week = p->contract_minutes_week - nb_demo_range(r, 0, 8) * 60;
    else
        p->network_minutes_week = nb_demo_range(r, 0, 8) * 60;
    /* Ages 22-66, weighted towards the middle; exit at 67 or by leaving. */
    int by, bm, bd;
    nb_date_to_ymd(ctx->today, &by, &bm, &bd);
    int64_t age = (nb_demo_range(r, 22, 66) + nb_demo_range(r, 22, 66)) / 2;
    if (nb_demo_range(r, 0, 9) == 0)
        age = nb_demo_range(r, 58, 66);
    p->birth_year = by - age;
    if (age >= 62) {
        char d[NB_DATE_LEN];
        nb_date_format(nb_date_from_ymd((int)(p->birth_year + 67), (int)nb_demo_range(r, 1, 12), 1),
                       d);
        snprintf(p->exit_date, sizeof p->exit_date, "%s", d);
    } else if (nb_demo_range(r, 0, 24) == 0) {
        char d[NB_DATE_LEN];
        nb_date_format(ctx->today + (int32_t)nb_demo_range(r, 30, 540), d);
        snprintf(p->exit_date, sizeof p->exit_date, "%s", d);
    }
    p->active = 1;
    /* Competencies: 2-6, mostly in the person's domain; scarce ones are rare. */
    int64_t ncomp = nb_demo_range(r, 2, 6);
    for (int64_t i = 0; i < ncomp * 4 && (int64_t)p->ncomps < ncomp; i++) {
        size_t c = (size_t)nb_demo_range(r, 0, (int64_t)nb_demo_ncomps - 1);
        int in_domain = nb_demo_domain_index(nb_demo_comps[c].domain) == domain;
        if (!in_domain && nb_demo_range(r, 0, 3) != 0)
            continue;
        if (nb_demo_comps[c].scarce && nb_demo_range(r, 0, 29) != 0)
            continue;
        int dup = 0;
        for (size_t j = 0; j < p->ncomps; j++)
            dup |= p->comps[j].competency_id == ctx->comp_ids[c];
        if (dup)
            continue;
        p->comps[p->ncomps].competency_id = ctx->comp_ids[c];
        p->comps[p->ncomps].level = (int64_t)nb_demo_pick(r, level_w, 5) + 1;
        p->ncomps++;
    }
    int64_t nwish = nb_demo_range(r, 0, 2);
    for (int64_t i = 0; i < nwish; i++) {
        int64_t c = ctx->comp_ids[nb_demo_range(r, 0, (int64_t)nb_demo_ncomps - 1)];
        int dup = 0;
        for (size_t j = 0; j < p->ncomps; j++)
            dup |= p->comps[j].competency_id == c;
        for (size_t j = 0; j < p->nwishes; j++)
            dup |= p->wishes[j] == c;
        if (!dup)
            p->wishes[p->nwishes++] = c;
    }
    return nb_person_insert(st, p, err);
}

static int nb_demo_people(nb_store *st, const nb_demo_network *net, nb_demo_ctx *ctx, int64_t total,
                          nb_err *err)
{
    int64_t weights[NB_DEMO_MAX_ORGS], counts[NB_DEMO_MAX_ORGS];
    int rc = 0;
    for (size_t i = 0; i < net->nmembers; i++)
        weights[i] = net->members[i].fte_hundredths;
    if ((rc = nb_split_weighted(total, weights, ctx->org_ids, net->nmembers, counts, err)) != 0)
        return rc;
    nb_person *p = malloc(sizeof *p);
    if (p == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int64_t serial = 0;
    for (size_t i = 0; i < net->nmembers && rc == 0; i++) {
        for (int64_t k = 0; k < counts[i] && rc == 0; k++) {
            rc = nb_demo_person(st, ctx, i, ++serial, p, err);
            if (rc == 0 && ctx->npeople < NB_DEMO_MAX_PEOPLE) {
                ctx->people[ctx->npeople].id = p->id;
                ctx->people[ctx->npeople].org = i;
                ctx->npeople++;
            }
        }
    }
    free(p);
    return rc;
}

static int nb_demo_is_empty(nb_store *st, int *empty, nb_err *err)
{
    int64_t total = 0;
    int rc = nb_org_list(st, NULL, 0, 0, NULL, NULL, &total, err);
    *empty = total == 0;
    return rc;
}

int nb_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"config", required_argument, NULL, 'c'},
        {"seed", required_argument, NULL, 's'},
        {"network", required_argument, NULL, 'n'},
        {"people", required_argument, NULL, 'p'},
        {"assignments", required_argument, NULL, 'a'},
        {"if-empty", no_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    nb_cli_opts o = {0};
    const char *network = "drechtsteden";
    long long seed = 2011, people = 0, assignments = 0; /* 0: the network's default */
    int if_empty = 0, c, rc = NB_EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:c:s:n:p:a:eh", opts, NULL)) != -1) {
        if (nb_cli_shared_opt(c, optarg, "dc", &o) > 0)
            continue;
        switch (c) {
        case 'n':
            network = optarg;
            break;
        case 'e':
            if_empty = 1;
            break;
        case 's':
            if (nb_cli_parse_id("--seed", optarg, &seed) != 0)
                return NB_EXIT_USAGE;
            break;
        case 'p':
            if (nb_cli_parse_id("--people", optarg, &people) != 0 || people > NB_DEMO_MAX_PEOPLE) {
                fprintf(stderr, "noaber demo: --people must be 1..%d\n", NB_DEMO_MAX_PEOPLE);
                return NB_EXIT_USAGE;
            }
            break;
        case 'a':
            if (nb_cli_parse_id("--assignments", optarg, &assignments) != 0 ||
                assignments > 100000) {
                fprintf(stderr, "noaber demo: --assignments must be 1..100000\n");
                return NB_EXIT_USAGE;
            }
            break;
        case 'h':
            printf(
                "usage: noaber demo [--db FILE] [--network drechtsteden|noordoost-twente|nationaal]\n"
                "                   [--seed N] [--people N] [--assignments N] [--if-empty]\n\n"
                "Fills the database with a realistic demo network: the member municipalities\n"
                "and a regional pool, 57 competencies in six domains, Lochem's four role\n"
                "profiles, about 1,500 people and 150 assignments, with a ledger history of a\n"
                "few months: deposits, confirmed allocations, approved, rejected and pending\n"
                "time entries and one closed month. The same seed (on the same day) gives the\n"
                "same network. --if-empty does nothing when organisations already exist;\n"
                "without it, a database that is not empty is refused.\n\n"
                "--network nationaal: all 342 municipalities (real CBS codes) and 25 regional\n"
                "pools, about 200,000 people and 10,000 assignments (a few minutes; see\n"
                "docs/operations.md). --people and --assignments change the size.\n");
            return NB_EXIT_OK;
        default:
            fprintf(stderr, "noaber demo: run 'noaber demo --help' for the options\n");
            return NB_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "noaber demo: unexpected argument '%s'\n", argv[optind]);
        return NB_EXIT_USAGE;
    }
    const nb_demo_network *net = NULL;
    for (size_t i = 0; i < nb_demo_nnetworks; i++)
        if (strcmp(nb_demo_networks[i].name, network) == 0)
            net = &nb_demo_networks[i];
    if (net == NULL) {
        fprintf(stderr,
                "noaber demo: unknown network '%s'; use drechtsteden, noordoost-twente or "
                "nationaal\n",
                network);
        return NB_EXIT_USAGE;
    }
    int national = strcmp(net->name, "nationaal") == 0;
    if (people == 0)
        people = national ? 200000 : 1500;
    if (assignments == 0)
        assignments = national ? 10000 : 150;
    if (sodium_init() < 0) { /* the demo logins' passwords and hashes */
        fprintf(stderr, "noaber demo: libsodium could not initialise\n");
        return NB_EXIT_FAIL;
    }
    nb_store *st = nb_cli_open_store(o.db, o.config, 1);
    if (st == NULL)
        return NB_EXIT_FAIL;
    nb_demo_ctx *ctx = calloc(1, sizeof *ctx);
    nb_err err = {{0}};
    nb_actor actor = {"cli", "system", "local"};
    nb_demo_login logins[5];
    int64_t worker = 0, client = 0;
    int empty = 0, r;
    if (ctx == NULL) {
        fprintf(stderr, "noaber demo: out of memory\n");
        rc = NB_EXIT_FAIL;
        goto cleanup;
    }
    /* A large network writes millions of rows in one transaction. */
    if (nb_store_bulk(st, &err) != 0) {
        fprintf(stderr, "noaber demo: %s\n", err.msg);
        rc = NB_EXIT_FAIL;
        goto cleanup;
    }
    ctx->rng.state = (uint64_t)seed;
    ctx->today = nb_date_today();
    for (size_t i = 0; i < net->nmembers; i++)
        ctx->org_codes[i] = net->members[i].code;
    if ((r = nb_store_begin(st, &err)) == 0 && (r = nb_demo_is_empty(st, &empty, &err)) == 0 &&
        !empty) {
        nb_store_rollback(st);
        if (if_empty) {
            printf(
                "noaber: the database already holds a network; demo left it alone (its demo\n"
                "logins were printed when it was made; 'noaber user reset-password demo-beheer'\n"
                "sets a new password)\n");
            goto cleanup;
        }
        fprintf(stderr, "noaber demo: the database already holds organisations; use a new --db "
                        "(or --if-empty to skip)\n");
        rc = NB_EXIT_DATA;
        goto cleanup;
    }
    if (r == 0)
        r = nb_demo_members(st, net, ctx, &err);
    if (r == 0)
        r = nb_demo_catalogue(st, ctx, &err);
    if (r == 0)
        r = nb_demo_people(st, net, ctx, people, &err);
    if (r == 0)
        r = nb_demo_assignments(st, net, ctx, assignments, &err);
    if (r == 0)
        r = nb_demo_ledger(st, net, ctx, &err);
    if (r == 0)
        r = nb_demo_programmes(st, net, ctx, &err);
    if (r == 0)
        r = nb_demo_uren_people(st, ctx, &worker, &client, &err);
    if (r == 0)
        r = nb_demo_logins(st, ctx->org_ids[0], worker, logins, &err);
    if (r == 0)
        r = nb_demo_login_client(st, client, &logins[4], &err);
    if (r == 0) {
        char detail[160];
        snprintf(detail, sizeof detail, "{\"network\":\"%s\",\"seed\":%lld}", net->name, seed);
        r = nb_store_audit(st, &actor, "demo", "netwerk", 0, detail, &err);
    }
    if (r == 0)
        r = nb_store_commit(st, &err);
    if (r != 0) {
        nb_store_rollback(st);
        fprintf(stderr, "noaber demo: %s (nothing was written)\n", err.msg);
        rc = NB_EXIT_FAIL;
        goto cleanup;
    }
    printf("noaber: demo network %s: %zu organisations, %zu competencies, %zu role profiles, "
           "%zu people, %zu assignments, %zu allocations, %zu time entries, %lld transfers "
           "(seed %lld)\n",
           net->name, ctx->norgs, nb_demo_ncomps, nb_demo_nprofiles, ctx->npeople,
           ctx->nassignments, ctx->nallocations, ctx->nentries, (long long)ctx->ntransfers, seed);
    printf("noaber: demo logins for http://localhost:8080/ (shown once; beheer sets up a second "
           "factor at first login):\n");
    for (int i = 0; i < 5; i++)
        printf("  %-13s %-18s %s\n", logins[i].role, logins[i].login, logins[i].password);
cleanup:
    sodium_memzero(logins, sizeof logins);
    free(ctx);
    nb_store_close(st);
    return rc;
}
