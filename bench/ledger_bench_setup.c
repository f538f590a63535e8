/*
 * bench/ledger_bench_setup.c — ledger_bench's setup (not timed): the world
 * of (a) made through the API, and the database of a run (a file, or with
 * --pg a fresh PostgreSQL database). Contracts in ledger_bench.h.
 */
#include "ledger_bench.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const bench_gemeenten[BENCH_ORGS][2] = {{"GM0505", "Dordrecht"},
                                                           {"GM0590", "Papendrecht"},
                                                           {"GM0642", "Zwijndrecht"},
                                                           {"GM0531", "Hendrik-Ido-Ambacht"}};

/*
 * Makes the world of (a) through the API (cl uses the beheer token):
 * organisations, people, assignments, confirmed allocations of
 * alloc_minutes each, approver tokens. Returns 0 or -1 (reason on stderr).
 */
int setup_world(const bench_cfg *cfg, const char *db, client *cl, world *w, int64_t alloc_minutes,
                int days)
{
    char body[1024], path[128], start[11], end[11];
    day_str(start, days + 30);
    day_str(end, -365);
    for (int k = 0; k < BENCH_ORGS; k++) {
        snprintf(body, sizeof body,
                 "{\"code\":\"%s\",\"soort\":\"gemeente\",\"naam\":\"%s\",\"inwoners\":50000,"
                 "\"kredietlijnMinuten\":100000000}",
                 bench_gemeenten[k][0], bench_gemeenten[k][1]);
        if ((w->gemeente[k] = client_must(cl, "POST", "/api/v1/organisaties", body, 201)) <= 0)
            return -1;
    }
    w->pool =
        client_must(cl, "POST", "/api/v1/organisaties",
                    "{\"code\":\"REGIOPOOL\",\"soort\":\"pool\",\"naam\":\"Regionale pool\"}", 201);
    w->comp = client_must(cl, "POST", "/api/v1/competenties",
                          "{\"code\":\"BS-DATA\",\"naam\":\"Data-analyse\","
                          "\"domein\":\"bestuur-en-strategie\"}",
                          201);
    if (w->pool <= 0 || w->comp <= 0)
        return -1;
    for (int k = 0; k < BENCH_ORGS; k++) {
        snprintf(body, sizeof body,
                 "{\"organisatieId\":%" PRId64 ",\"naam\":\"Opdrachtgever %s\","
                 "\"email\":\"opdrachtgever%d@bench.nl\",\"schaal\":12,"
                 "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":0}",
                 w->gemeente[k], bench_gemeenten[k][1], k);
        if ((w->approver[k] = client_must(cl, "POST", "/api/v1/medewerkers", body, 201)) <= 0)
            return -1;
        snprintf(body, sizeof body,
                 "{\"titel\":\"Benchmark %s\",\"soort\":\"lokaal\",\"werksoort\":\"regulier\","
                 "\"status\":\"ingediend\",\"startdatum\":\"%s\",\"einddatum\":\"%s\","
                 "\"bestuurlijkOpdrachtgever\":\"Wethouder Jansen\","
                 "\"ambtelijkOpdrachtgeverId\":%" PRId64 ","
                 "\"aanvragers\":[{\"organisatieId\":%" PRId64 "}],"
                 "\"regels\":[{\"competentieId\":%" PRId64 ",\"minimumNiveau\":2,"
                 "\"minuten\":100000000}]}",
                 bench_gemeenten[k][1], start, end, w->approver[k], w->gemeente[k], w->comp);
        long st = client_req(cl, "POST", "/api/v1/opdrachten", body);
        json_t *j = st == 201 && cl->body ? json_loads(cl->body, 0, NULL) : NULL;
        w->assignment[k] = (int64_t)json_integer_value(json_object_get(j, "id"));
        w->line[k] = (int64_t)json_integer_value(
            json_object_get(json_array_get(json_object_get(j, "regels"), 0), "id"));
        json_decref(j);
        if (w->assignment[k] <= 0 || w->line[k] <= 0) {
            fprintf(stderr, "ledger_bench: setup POST /opdrachten: %ld %s\n", st,
                    cl->body ? cl->body : "");
            return -1;
        }
        snprintf(path, sizeof path, "/api/v1/opdrachten/%" PRId64 "/status", w->assignment[k]);
        if (client_must(cl, "PUT", path, "{\"status\":\"geaccepteerd\"}", 200) < 0)
            return -1;
        /* DOMAIN rule 9: the requester's coordinator consents to be charged. */
        char coord[256];
        const char *ct[1] = {coord};
        client cc;
        if (make_token(cfg, db, "coordinator", w->gemeente[k], 0, coord, sizeof coord) != 0)
            return -1;
        client_init(&cc, cl->srv, ct, 1);
        snprintf(path, sizeof path, "/api/v1/opdrachten/%" PRId64 "/instemmingen/%" PRId64,
                 w->assignment[k], w->gemeente[k]);
        int64_t agreed = client_must(&cc, "PUT", path, "{}", 200);
        client_free(&cc);
        if (agreed < 0)
            return -1;
    }
    for (int i = 0; i < cfg->people; i++) {
        int k = i % BENCH_ORGS;
        snprintf(body, sizeof body,
                 "{\"organisatieId\":%" PRId64 ",\"naam\":\"Medewerker %d\","
                 "\"email\":\"medewerker%d@bench.nl\",\"schaal\":10,"
                 "\"contractMinutenPerWeek\":2160,\"netwerkMinutenPerWeek\":960}",
                 w->pool, i, i);
        if ((w->person[i] = client_must(cl, "POST", "/api/v1/medewerkers", body, 201)) <= 0)
            return -1;
        snprintf(body, sizeof body,
                 "{\"opdrachtId\":%" PRId64 ",\"regelId\":%" PRId64 ",\"medewerkerId\":%" PRId64
                 ",\"minuten\":%" PRId64 "}",
                 w->assignment[k], w->line[k], w->person[i], alloc_minutes);
        int64_t inzet = client_must(cl, "POST", "/api/v1/inzet", body, 201);
        if (inzet <= 0)
            return -1;
        snprintf(path, sizeof path, "/api/v1/inzet/%" PRId64 "/status", inzet);
        if (client_must(cl, "PUT", path, "{\"status\":\"bevestigd\"}", 200) < 0)
            return -1;
    }
    w->tokp[0] = w->tokens[0];
    for (int k = 0; k < BENCH_ORGS; k++) {
        if (make_token(cfg, db, "medewerker", w->gemeente[k], w->approver[k], w->tokens[1 + k],
                       sizeof w->tokens[1 + k]) != 0)
            return -1;
        w->tokp[1 + k] = w->tokens[1 + k];
    }
    return 0;
}

/*
 * The database `name` of this run into db[len]: a file in cfg->dir, or with
 * --pg a new database on the cluster (created here; drop_db drops it).
 * 0 = ok, -1 = failed (printed).
 */
int make_db(const bench_cfg *cfg, const char *name, char *db, size_t len)
{
    if (cfg->pg == NULL) {
        snprintf(db, len, "%s/%s.db", cfg->dir, name);
        return 0;
    }
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "psql -X -q '%s dbname=postgres' -c 'CREATE DATABASE %s_%ld' >&2",
             cfg->pg, name, (long)getpid());
    if (system(cmd) != 0) {
        fprintf(stderr, "ledger_bench: could not create database %s on %s\n", name, cfg->pg);
        return -1;
    }
    snprintf(db, len, "%s dbname=%s_%ld", cfg->pg, name, (long)getpid());
    return 0;
}

/* Drops make_db's PostgreSQL database `name` (a file goes with cfg->dir). */
void drop_db(const bench_cfg *cfg, const char *name)
{
    char cmd[1024];
    if (cfg->pg == NULL)
        return;
    snprintf(cmd, sizeof cmd,
             "psql -X -q '%s dbname=postgres' -c 'DROP DATABASE IF EXISTS %s_%ld' >&2", cfg->pg,
             name, (long)getpid());
    if (system(cmd) != 0)
        fprintf(stderr, "ledger_bench: could not drop database %s\n", name);
}
