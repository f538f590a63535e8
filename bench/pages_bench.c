/*
 * bench/pages_bench.c — time per web page (issue 8 §7). Not a test: prints
 * figures, passes or fails nothing.
 *
 * Makes a demo database (`noaber demo`, optionally scaled: --scale 10 gives
 * ten times the people and assignments, and so the history), logs in one
 * user per role with the store functions (as tests/api/web_session.c does),
 * starts `noaber serve` on loopback and asks every GET page of the page table
 * (web/pages.c) as a role that may open it, --requests times on one
 * kept-alive connection, after a warm-up. Path parameters are filled with an
 * id from the demo (the first assignment, person, organisation or proposal).
 * In the same run it times GET /api/v1/openapi.json, the API's largest fixed
 * answer, as a baseline. Printed per page: role, status, bytes, p50 and p99
 * round trip in ms on loopback (server time plus well under 0.1 ms of
 * client and kernel), and p99 against the target (10 ms at demo size; the MT
 * start page 100 ms at --scale 10).
 *
 * With --reuse FILE it makes no demo: it asks the pages of the database FILE
 * as it is (bench/national.sh: the national network), adding its sessions
 * (logins bench-<role>-<pid>) to it; --only PATTERN asks that page alone.
 *
 * usage: pages_bench NOABER_BIN [--scale N] [--requests N] [--dir DIR]
 *                    [--reuse FILE] [--only PATTERN]
 */
#include "bench_http.h"

#include "api/web_login.h"
#include "store/sessions.h"
#include "web/web.h"

#include <curl/curl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PASSWORD "bench-password-correct-9"

/* One logged-in role: its cookie. */
typedef struct role_session {
    int role;
    const char *name;
    nb_t_login login;
} role_session;

static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    *(size_t *)ud += sz * n;
    return sz * n;
}

/* The first value of a one-column query on db, or 0. */
static int64_t first_id(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Fills {..} parameters of pattern into out with ids from the demo, by the
 * segment before each parameter. -1 when a parameter has no id. */
static int fill_path(const char *pattern, sqlite3 *db, char *out, size_t len)
{
    size_t o = 0;
    const char *p = pattern;
    while (*p && o + 24 < len) {
        if (*p == '{' && p > pattern + 1) {
            /* the segment before the parameter, with its slashes: "/opdrachten/" */
            const char *seg = p - 1;
            while (seg > pattern && seg[-1] != '/')
                seg--;
            seg = seg > pattern ? seg - 1 : seg;
            int64_t id = 0;
            if (strncmp(seg, "/opdrachten/", 12) == 0)
                id = first_id(db, "SELECT id FROM assignments ORDER BY id DESC LIMIT 1");
            else if (strncmp(seg, "/medewerkers/", 13) == 0)
                id = first_id(db, "SELECT id FROM people WHERE organisation_id = "
                                  "(SELECT MIN(id) FROM organisations) ORDER BY id LIMIT 1");
            else if (strncmp(seg, "/organisaties/", 14) == 0)
                id = first_id(db, "SELECT MIN(id) FROM organisations");
            else if (strncmp(seg, "/teamvoorstellen/", 17) == 0)
                id = first_id(db, "SELECT MAX(id) FROM team_proposals");
            if (id <= 0)
                return -1;
            o += (size_t)snprintf(out + o, len - o, "%lld", (long long)id);
            p = strchr(p, '}');
            if (p == NULL)
                return -1;
            p++;
            continue;
        }
        out[o++] = *p++;
    }
    out[o] = '\0';
    return *p ? -1 : 0;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Times n GETs of path with cookie (may be ""); prints one line. Returns p99 in ms. */
static double time_page(CURL *c, const char *base, const char *path, const char *cookie,
                        const char *who, int n, double target_ms)
{
    char url[512], jar[128];
    size_t bytes = 0;
    long status = 0;
    double *t = calloc((size_t)n, sizeof *t);
    if (t == NULL)
        return -1;
    snprintf(url, sizeof url, "%s%s", base, path);
    snprintf(jar, sizeof jar, "__Host-noaber-sessie=%s", cookie);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_COOKIE, cookie[0] ? jar : NULL);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &bytes);
    for (int i = 0; i < 10; i++) /* warm-up: caches, the connection */
        curl_easy_perform(c);
    for (int i = 0; i < n; i++) {
        bytes = 0;
        double t0 = now_s();
        CURLcode rc = curl_easy_perform(c);
        t[i] = (now_s() - t0) * 1000.0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        if (rc != CURLE_OK)
            status = -1;
    }
    qsort(t, (size_t)n, sizeof *t, by_double);
    double p50 = t[n / 2], p99 = t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
    printf("%-34s %-11s %4ld %8zu %8.2f %8.2f  %s\n", path, who, status, bytes, p50, p99,
           status != 200      ? "(not 200)"
           : p99 <= target_ms ? "ok"
                              : "OVER TARGET");
    free(t);
    return p99;
}

int main(int argc, char **argv)
{
    bench_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    int scale = 1, requests = 200;
    const char *dir = NULL, *reuse = NULL, *only = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: pages_bench NOABER_BIN [--scale N] [--requests N] [--dir DIR] "
                        "[--reuse FILE] [--only PATTERN]\n");
        return 2;
    }
    cfg.bin = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--scale") == 0)
            scale = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--requests") == 0)
            requests = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else if (strcmp(argv[i], "--reuse") == 0)
            reuse = argv[i + 1];
        else if (strcmp(argv[i], "--only") == 0)
            only = argv[i + 1];
    }
    if (scale < 1 || requests < 10) {
        fprintf(stderr, "pages_bench: --scale >= 1, --requests >= 10\n");
        return 2;
    }
    snprintf(cfg.dir, sizeof cfg.dir, "%s/pages-bench-XXXXXX", dir ? dir : ".");
    if (mkdtemp(cfg.dir) == NULL)
        return 1;
    char db[600], people[16], asg[16];
    snprintf(db, sizeof db, "%s/pages.db", cfg.dir);
    snprintf(people, sizeof people, "%d", 1500 * scale);
    snprintf(asg, sizeof asg, "%d", 150 * scale);
    const char *init[] = {"init", "--db", db, NULL};
    const char *demo[] = {"demo", "--db", db, "--people", people, "--assignments", asg, NULL};
    double t0 = now_s();
    if (reuse != NULL) {
        snprintf(db, sizeof db, "%s", reuse);
        printf("database %s as it is (no demo made)\n", db);
    } else if (run_cli(&cfg, init, NULL, 0) != 0 || run_cli(&cfg, demo, NULL, 0) != 0) {
        fprintf(stderr, "pages_bench: making the demo database failed\n");
        return 1;
    } else {
        printf("demo network x%d (%s people, %s assignments) made in %.1f s\n", scale, people, asg,
               now_s() - t0);
    }

    /* One session per role, made in the store like a login would. */
    sqlite3 *raw = NULL;
    if (sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "pages_bench: open %s failed\n", db);
        return 1;
    }
    int64_t org = first_id(raw, "SELECT MIN(id) FROM organisations");
    int64_t person = first_id(raw, "SELECT person_id FROM allocations ORDER BY id LIMIT 1");
    role_session roles[4] = {{NB_ROLE_BEHEER, "beheer", {0}},
                             {NB_ROLE_COORDINATOR, "coordinator", {0}},
                             {NB_ROLE_MEDEWERKER, "medewerker", {0}},
                             {NB_ROLE_LEZER, "lezer", {0}}};
    for (int r = 0; r < 4; r++) {
        char login[32];
        int64_t o =
            roles[r].role == NB_ROLE_COORDINATOR || roles[r].role == NB_ROLE_LEZER ? org : 0;
        int64_t p = roles[r].role == NB_ROLE_MEDEWERKER ? person : 0;
        snprintf(login, sizeof login, "bench-%s-%ld", roles[r].name, (long)getpid());
        if (nb_t_login_make(db, login, roles[r].name, o, p, PASSWORD, &roles[r].login) != 0)
            return 1;
    }

    server srv;
    if (server_start(&cfg, db, 4, &srv) != 0)
        return 1;
    CURL *c = curl_easy_init();
    printf("%d requests per page on one kept-alive connection, after 10 to warm up; ms of round "
           "trip on loopback\n\n",
           requests);
    printf("%-34s %-11s %4s %8s %8s %8s  %s\n", "page", "as", "code", "bytes", "p50", "p99",
           "target");
    double base_p99 = time_page(c, srv.base, "/api/v1/openapi.json", "", "anoniem", requests, 1e9);
    double worst = 0;
    const char *worst_path = "";
    for (size_t i = 0; i < nb_web_pages_count; i++) {
        const nb_web_page *pg = &nb_web_pages[i];
        char path[256];
        if (strcmp(pg->method, "GET") != 0 || strncmp(pg->pattern, "/static/", 8) == 0 ||
            (only != NULL && strcmp(pg->pattern, only) != 0))
            continue;
        if (fill_path(pg->pattern, raw, path, sizeof path) != 0) {
            printf("%-34s (no id in the demo for its parameter)\n", pg->pattern);
            continue;
        }
        const role_session *as = NULL;
        for (int r = 0; r < 4 && as == NULL; r++)
            if (pg->roles & roles[r].role)
                as = &roles[r];
        int anon = as == NULL || (pg->roles & NB_ROLE_PUBLIC);
        double target = scale > 1 || reuse ? (strcmp(pg->pattern, "/mt") == 0 ? 100.0 : 1e9) : 10.0;
        double p99 = time_page(c, srv.base, path, anon ? "" : as->login.cookie,
                               anon ? "anoniem" : nb_role_name(as->role), requests, target);
        if (p99 > worst) {
            worst = p99;
            worst_path = pg->pattern;
        }
    }
    printf("\nslowest page p99 %.2f ms (%s) = %.1f x the openapi.json round trip (p99 %.2f ms)\n",
           worst, worst_path, base_p99 > 0 ? worst / base_p99 : 0.0, base_p99);
    curl_easy_cleanup(c);
    server_stop(&srv);
    sqlite3_close(raw);
    return 0;
}
