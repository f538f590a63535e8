/*
 * cli/cmd_team.c — `noaber team`: run the teaming engine on the database and
 * print the proposal (or store it with --save).
 *
 *   noaber team --db FILE (--assignment ID ... | --all) [--per-maand]
 *               [--dimacs FILE] [--save] [--json]
 *
 * The table lists person, organisation, assignment/line, hours and reasons,
 * then the shortages with their cause. Progress (building, solving,
 * post-processing with counts) goes to stderr for runs with more than 200
 * people or lines. --json prints the proposal as one JSON document. --save
 * stores it as a team proposal (status concept) and prints its id. --dimacs
 * writes the flow network the engine solves first (core/dimacs.h), so that
 * another solver (`noaber mcf`, LEMON) can solve the same instance: its
 * optimal cost is the proposal's pure optimum (samenvatting.optimum).
 */
#include "cli/cli.h"

#include "util/buf.h"

#include "api/api.h"
#include "core/dimacs.h"
#include "core/mcf.h"
#include "core/teaming.h"
#include "store/organisations.h"
#include "store/proposals.h"
#include "store/store.h"
#include "store/team_loader.h"
#include "store/team_proposals.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_TEAM_CLI_MAX_IDS 1000

static void nb_team_cli_help(FILE *out)
{
    fprintf(out, "usage: noaber team [--db FILE] (--assignment ID ... | --all) [--per-maand]\n"
                 "                   [--dimacs FILE] [--prijzen K] [--save] [--json]\n\n"
                 "Proposes who staffs the lines of the given assignments (or of all accepted\n"
                 "assignments with --all) with the teaming engine (see docs/teaming.md) and\n"
                 "prints the proposal: person, organisation, line, hours and reasons, then\n"
                 "the shortages and why. Progress is shown on stderr for large runs.\n\n"
                 "  --db FILE         the database (default: config file, NOABER_DB, noaber.db)\n"
                 "  --assignment ID   an assignment to staff; repeat for several\n"
                 "  --all             every assignment with status geaccepteerd\n"
                 "  --per-maand       plan per calendar month (no month above the load cap) and\n"
                 "                    print each proposed person's load per month\n"
                 "  --dimacs FILE     also write the flow network the engine solves (DIMACS\n"
                 "                    min-cost flow; its optimal cost is the pure optimum;\n"
                 "                    always the full model)\n"
                 "  --prijzen K       price the match arcs: start each line with its K\n"
                 "                    cheapest candidates and add the others as the optimum\n"
                 "                    needs them (the same optimum, less memory, more CPU)\n"
                 "  --save            store the proposal (status concept) and print its id\n"
                 "  --json            print the proposal as JSON\n\n"
                 "exit status: 0 ok, 2 usage, 3 unknown assignment, 1 other errors.\n");
}

/* Progress on stderr, shown only for large runs. */
typedef struct nb_team_cli_progress {
    int show;
} nb_team_cli_progress;

static void nb_team_cli_progress_fn(void *ctx, const char *phase, int64_t done, int64_t total)
{
    const nb_team_cli_progress *p = ctx;
    if (!p->show)
        return;
    if (strcmp(phase, "opbouwen") == 0)
        fprintf(stderr, "\ropbouwen: %lld van %lld medewerkers%s", (long long)done,
                (long long)total, done == total ? "\n" : "");
    else if (strcmp(phase, "oplossen") == 0)
        fprintf(stderr, "oplossen ...\n");
    else
        fprintf(stderr, "nabewerken: ronde %lld, %lld koppelingen verboden\n", (long long)done,
                (long long)total);
}

typedef struct nb_team_cli_orgs {
    int64_t *ids;
    char (*names)[128];
    size_t n, room;
} nb_team_cli_orgs;

static int nb_team_cli_org_add(void *ctx, const nb_org *o)
{
    nb_team_cli_orgs *c = ctx;
    if (c->n == c->room) {
        size_t room = c->room ? c->room * 2 : 16;
        int64_t *ids = realloc(c->ids, room * sizeof *ids);
        if (ids == NULL)
            return NB_ENOMEM;
        c->ids = ids;
        char(*names)[128] = realloc(c->names, room * sizeof *names);
        if (names == NULL)
            return NB_ENOMEM;
        c->names = names;
        c->room = room;
    }
    c->ids[c->n] = o->id;
    snprintf(c->names[c->n], sizeof c->names[c->n], "%s", o->name);
    c->n++;
    return 0;
}

static const char *nb_team_cli_org_name(const nb_team_cli_orgs *c, int64_t id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->ids[i] == id)
            return c->names[i];
    return "?";
}

static void nb_team_cli_print(const nb_team_load *l, const nb_team_cli_orgs *orgs,
                              const nb_team_result *r)
{
    char h[48];
    printf("Teamvoorstel voor %zu opdracht(en), periode %s t/m %s\n\n", l->nassignments,
           l->period_start[0] ? l->period_start : "-", l->period_end[0] ? l->period_end : "-");
    printf("%-28s %-22s %-16s %10s  %s\n", "medewerker", "organisatie", "opdracht/regel", "uren",
           "redenen");
    for (size_t i = 0; i < r->nallocs; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        char where[32];
        snprintf(where, sizeof where, "%lld/%lld", (long long)a->assignment_id,
                 (long long)a->line_id);
        nb_team_hours_text(a->minutes, h, sizeof h);
        nb_buf row = NB_BUF_INIT;
        nb_buf_put_padded(&row, nb_team_load_person_name(l, a->person_id), 28);
        nb_buf_putc(&row, ' ');
        nb_buf_put_padded(&row, nb_team_cli_org_name(orgs, a->organisation_id), 22);
        printf("%s %-16s %10s  ", nb_buf_cstr(&row), where, h);
        nb_buf_free(&row);
        for (size_t k = 0; k < a->nreasons; k++)
            printf("%s%s", k ? "; " : "", a->reasons[k]);
        printf("\n");
    }
    if (r->nshortages > 0) {
        printf("\nTekorten\n");
        for (size_t i = 0; i < r->nshortages; i++) {
            const nb_team_shortage *s = &r->shortages[i];
            nb_team_hours_text(s->minutes_unmet, h, sizeof h);
            printf("  opdracht %lld regel %lld: %s tekort (%s): %s\n", (long long)s->assignment_id,
                   (long long)s->line_id, h, nb_team_short_kind_name(s->kind), s->reason);
        }
    }
    if (r->nmonths > 1 && r->nloads > 0) {
        /* each proposed person's load per month: planned / cap in hours */
        printf("\nBelasting per maand (voorgesteld / grens, uren)\n");
        for (size_t i = 0; i < r->nloads; i += r->nmonths) {
            nb_buf row = NB_BUF_INIT;
            nb_buf_put_padded(&row, nb_team_load_person_name(l, r->loads[i].person_id), 28);
            printf("  %s", nb_buf_cstr(&row));
            nb_buf_free(&row);
            for (size_t t = 0; t < r->nmonths && i + t < r->nloads; t++) {
                const nb_team_month_load *ml = &r->loads[i + t];
                int32_t mi = l->first_month + ml->month;
                printf(" %04d-%02d %lld/%lld", (int)(mi / 12), (int)(mi % 12 + 1),
                       (long long)(ml->minutes / 60), (long long)(ml->capacity / 60));
            }
            printf("\n");
        }
    }
    char want[48], got[48];
    nb_team_hours_text(r->minutes_requested, want, sizeof want);
    nb_team_hours_text(r->minutes_allocated, got, sizeof got);
    printf("\nGevraagd %s, voorgesteld %s; kosten %lld (zuiver optimum %lld, verschil %lld na %lld "
           "nabewerkingsronde(s))\n",
           want, got, (long long)r->cost_total, (long long)r->cost_optimum, (long long)r->cost_gap,
           (long long)r->rounds);
}

static int nb_team_cli_fwrite(void *ctx, const char *text, size_t len)
{
    return fwrite(text, 1, len, (FILE *)ctx) == len ? 0 : NB_EIO;
}

/* Writes the model's network to path in DIMACS format. 0 or NB_EIO (err says why). */
static int nb_team_cli_dimacs(const char *path, const nb_team_load *l, const nb_team_model *m,
                              nb_err *err)
{
    char comment[400];
    snprintf(comment, sizeof comment,
             "noaber team: the flow network of the teaming engine (docs/teaming.md)\n"
             "%zu people, %zu lines, %zu month bucket(s), period %s to %s\n"
             "its optimal cost is the proposal's pure optimum (samenvatting.optimum)",
             l->in.npeople, l->in.nlines, l->nmonths ? l->nmonths : 1,
             l->period_start[0] ? l->period_start : "-", l->period_end[0] ? l->period_end : "-");
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return nb_err_set(err, NB_EIO, "cannot write %s", path);
    int rc = nb_dimacs_write(nb_team_model_graph(m), comment, nb_team_cli_fwrite, f);
    if (fclose(f) != 0 && rc == 0)
        rc = NB_EIO;
    if (rc != 0)
        return nb_err_set(err, NB_EIO, "cannot write %s", path);
    return 0;
}

static json_t *nb_team_cli_json(const nb_team_load *l, const nb_team_cli_orgs *orgs,
                                const nb_team_result *r)
{
    json_t *j = json_object(), *allocs = json_array(), *shorts = json_array();
    for (size_t i = 0; i < r->nallocs; i++) {
        const nb_team_alloc *a = &r->allocs[i];
        json_t *reasons = json_array();
        for (size_t k = 0; k < a->nreasons; k++)
            json_array_append_new(reasons, json_string(a->reasons[k]));
        json_array_append_new(
            allocs,
            json_pack("{s:I, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, "
                      "s:I, s:I}, s:o}",
                      "medewerkerId", (json_int_t)a->person_id, "medewerker",
                      nb_team_load_person_name(l, a->person_id), "organisatieId",
                      (json_int_t)a->organisation_id, "organisatie",
                      nb_team_cli_org_name(orgs, a->organisation_id), "opdrachtId",
                      (json_int_t)a->assignment_id, "regelId", (json_int_t)a->line_id, "minuten",
                      (json_int_t)a->minutes, "niveau", (json_int_t)a->level, "minimumNiveau",
                      (json_int_t)a->min_level, "kosten", "overkwalificatie",
                      (json_int_t)a->cost_overqual, "leerwens", (json_int_t)a->cost_wish,
                      "continuiteit", (json_int_t)a->cost_continuity, "eigenOrganisatie",
                      (json_int_t)a->cost_home, "balans", (json_int_t)a->cost_fairness, "belasting",
                      (json_int_t)a->cost_load, "totaal", (json_int_t)a->cost_total, "redenen",
                      reasons));
    }
    for (size_t i = 0; i < r->nshortages; i++) {
        const nb_team_shortage *s = &r->shortages[i];
        json_array_append_new(
            shorts, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "opdrachtId",
                              (json_int_t)s->assignment_id, "regelId", (json_int_t)s->line_id,
                              "competentieId", (json_int_t)s->competency_id, "minimumNiveau",
                              (json_int_t)s->min_level, "gevraagdMinuten",
                              (json_int_t)s->minutes_requested, "tekortMinuten",
                              (json_int_t)s->minutes_unmet, "kandidaten", (json_int_t)s->candidates,
                              "oorzaak", nb_team_short_kind_name(s->kind), "reden", s->reason));
    }
    json_object_set_new(j, "periode",
                        json_pack("{s:s, s:s}", "van", l->period_start, "tot", l->period_end));
    json_object_set_new(
        j, "samenvatting",
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "kosten", (json_int_t)r->cost_total,
                  "optimum", (json_int_t)r->cost_optimum, "verschilMetOptimum",
                  (json_int_t)r->cost_gap, "gevraagdMinuten", (json_int_t)r->minutes_requested,
                  "voorgesteldMinuten", (json_int_t)r->minutes_allocated, "tekortMinuten",
                  (json_int_t)r->minutes_unmet, "nabewerkingsrondes", (json_int_t)r->rounds));
    json_object_set_new(j, "inzet", allocs);
    json_object_set_new(j, "tekorten", shorts);
    return j;
}

int nb_cmd_team(int argc, char **argv)
{
    const char *db = NULL, *dimacs = NULL;
    int all = 0, save = 0, as_json = 0, per_month = 0, status = NB_EXIT_FAIL, in_tx = 0;
    long long pricing = 0;
    int64_t *ids = NULL;
    size_t nids = 0;
    nb_store *st = NULL;
    nb_team_load load;
    nb_team_model *model = NULL;
    nb_team_result *res = NULL;
    nb_team_cli_orgs orgs = {NULL, NULL, 0, 0};
    nb_proposal *p = NULL;
    nb_err err = {{0}};
    memset(&load, 0, sizeof load);

    if (nb_cli_wants_help(argc, argv)) {
        nb_team_cli_help(stdout);
        return NB_EXIT_OK;
    }
    ids = calloc(NB_TEAM_CLI_MAX_IDS, sizeof *ids);
    if (ids == NULL)
        return NB_EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--assignment") == 0 && i + 1 < argc) {
            long long v;
            if (nb_cli_parse_id("--assignment", argv[++i], &v) != 0) {
                status = NB_EXIT_USAGE;
                goto cleanup;
            }
            if (nids == NB_TEAM_CLI_MAX_IDS) {
                fprintf(stderr, "noaber team: at most %d assignments; use --all\n",
                        NB_TEAM_CLI_MAX_IDS);
                status = NB_EXIT_USAGE;
                goto cleanup;
            }
            ids[nids++] = v;
        } else if (strcmp(argv[i], "--all") == 0) {
            all = 1;
        } else if (strcmp(argv[i], "--dimacs") == 0 && i + 1 < argc) {
            dimacs = argv[++i];
        } else if (strcmp(argv[i], "--per-maand") == 0) {
            per_month = 1;
        } else if (strcmp(argv[i], "--prijzen") == 0 && i + 1 < argc) {
            if (nb_cli_parse_id("--prijzen", argv[++i], &pricing) != 0 || pricing > 1000000) {
                status = NB_EXIT_USAGE;
                goto cleanup;
            }
        } else if (strcmp(argv[i], "--save") == 0) {
            save = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else {
            fprintf(stderr, "noaber team: unknown option '%s'; see 'noaber team --help'\n",
                    argv[i]);
            status = NB_EXIT_USAGE;
            goto cleanup;
        }
    }
    if ((nids > 0) == all) {
        fprintf(stderr, "noaber team: give --assignment ID (one or more) or --all; see "
                        "'noaber team --help'\n");
        status = NB_EXIT_USAGE;
        goto cleanup;
    }
    if ((st = nb_cli_open_store(db, NULL, 1)) == NULL)
        goto cleanup;
    if ((save ? nb_store_begin(st, &err) : nb_store_begin_read(st, &err)) != 0) {
        fprintf(stderr, "noaber team: %s\n", err.msg);
        goto cleanup;
    }
    in_tx = 1;

    nb_team_config cfg;
    nb_team_config_default(&cfg);
    cfg.month_buckets = per_month;
    /* --dimacs: the file is the whole pure model, not the priced part */
    cfg.pricing_k = dimacs != NULL ? 0 : pricing;
    int rc = nb_team_load_input(st, ids, nids, &cfg, &load, &err);
    if (rc == NB_ENOTFOUND) {
        fprintf(stderr, "noaber team: %s\n", err.msg);
        status = NB_EXIT_DATA;
        goto cleanup;
    }
    if (rc == 0)
        rc = nb_org_list(st, NULL, 0, -1, nb_team_cli_org_add, &orgs, NULL, &err);
    nb_team_cli_progress prog = {load.in.npeople > 200 || load.in.nlines > 200};
    if (prog.show)
        fprintf(stderr, "%zu medewerkers, %zu regels\n", load.in.npeople, load.in.nlines);
    if (rc == 0)
        rc = nb_team_model_build(&load.in, nb_team_cli_progress_fn, &prog, &model, &err);
    if (rc == 0 && prog.show)
        fprintf(stderr, "netwerk: %d knopen, %d pijlen, %zu koppelingen\n",
                (int)nb_team_model_nodes(model), (int)nb_team_model_arcs(model),
                nb_team_model_matches(model));
    if (rc == 0 && dimacs != NULL)
        rc = nb_team_cli_dimacs(dimacs, &load, model, &err);
    if (rc == 0)
        rc = nb_team_solve(model, nb_team_cli_progress_fn, &prog, &res, &err);
    if (rc != 0) {
        fprintf(stderr, "noaber team: %s\n", err.msg);
        goto cleanup;
    }
    if (prog.show)
        fprintf(stderr,
                "klaar: %lld oplossingen (%lld warm gestart), %lld pivots, %lld koppelingen "
                "bijgeprijsd\n",
                (long long)res->solves, (long long)res->warm_solves, (long long)res->pivots,
                (long long)res->priced_matches);

    if (save) {
        if ((p = calloc(1, sizeof *p)) == NULL)
            goto cleanup;
        json_t *params = json_object();
        if (all) {
            json_object_set_new(params, "alleGeaccepteerde", json_true());
        } else {
            json_t *a = json_array();
            for (size_t i = 0; i < nids; i++)
                json_array_append_new(a, json_integer(ids[i]));
            json_object_set_new(params, "opdrachtIds", a);
        }
        char *text = json_dumps(params, JSON_COMPACT);
        json_decref(params);
        snprintf(p->parameters, sizeof p->parameters, "%s", text ? text : "{}");
        free(text);
        snprintf(p->created_by, sizeof p->created_by, "system:cli"); /* rol:label */
        nb_actor actor = {"cli", "system", "local"};
        rc = nb_tp_save(st, p, &load, res, &err);
        if (rc == 0)
            rc = nb_store_audit(st, &actor, "create", "teamvoorstel", p->id, NULL, &err);
        if (rc == 0)
            rc = nb_store_commit(st, &err);
        if (rc != 0) {
            fprintf(stderr, "noaber team: cannot save the proposal: %s\n", err.msg);
            goto cleanup;
        }
        in_tx = 0;
    }
    if (as_json) {
        json_t *j = nb_team_cli_json(&load, &orgs, res);
        if (p)
            json_object_set_new(j, "id", json_integer(p->id));
        char *text = json_dumps(j, JSON_INDENT(2));
        json_decref(j);
        printf("%s\n", text ? text : "{}");
        free(text);
    } else {
        nb_team_cli_print(&load, &orgs, res);
        if (p)
            printf("Opgeslagen als teamvoorstel %lld.\n", (long long)p->id);
    }
    status = NB_EXIT_OK;
cleanup:
    if (in_tx)
        nb_store_rollback(st);
    free(p);
    free(orgs.ids);
    free(orgs.names);
    nb_team_result_free(res);
    nb_team_model_free(model);
    nb_team_load_free(&load);
    nb_store_close(st);
    free(ids);
    return status;
}
