/*
 * tests/api/harness.c — see harness.h.
 */
#include "harness.h"
#include "../store/store_db.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *nb_t_bin(void)
{
    const char *b = getenv("NOABER_BIN");
    return b ? b : "./noaber";
}

/* Splits the wrapper command into argv words (space separated). */
static int nb_t_wrapper(char *buf, size_t n, const char **argv, int max)
{
    const char *w = getenv("NOABER_TEST_WRAPPER");
    int k = 0;
    if (w == NULL || *w == '\0')
        return 0;
    snprintf(buf, n, "%s", w);
    for (char *tok = strtok(buf, " "); tok && k < max; tok = strtok(NULL, " "))
        argv[k++] = tok;
    return k;
}

static int nb_t_run(const char *const *argv, char *out, size_t outlen)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        close(pipefd[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t len = 0;
    ssize_t r;
    char sink[256];
    while ((r = read(pipefd[0], out && len + 1 < outlen ? out + len : sink,
                     out && len + 1 < outlen ? outlen - len - 1 : sizeof sink)) > 0)
        if (out && len + 1 < outlen)
            len += (size_t)r;
    if (out)
        out[len] = '\0';
    close(pipefd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int nb_t_cli(nb_t_server *s, char *out, size_t outlen, const char *const *args)
{
    return nb_t_cli_db(s->db, out, outlen, args);
}

int nb_t_cli_db(const char *db, char *out, size_t outlen, const char *const *args)
{
    const char *argv[32];
    int k = 0;
    argv[k++] = nb_t_bin();
    for (int i = 0; args[i] && k < 29; i++)
        argv[k++] = args[i];
    argv[k++] = "--db";
    argv[k++] = db;
    argv[k] = NULL;
    return nb_t_run(argv, out, outlen);
}

static int nb_t_server_spawn(nb_t_server *s);

int nb_t_db_new(const nb_t_server *s, const char *name, char *out, size_t len)
{
    if (nb_t_pg() == NULL) {
        snprintf(out, len, "%s/%s", s->dir, name);
        return 0;
    }
    /* a fresh database of the cluster (store/store_db.c), migrated by the cluster's owner */
    char cmd[1200];
    if (nb_t_pg_db_new("t", out, len) != 0)
        return -1;
    const char *init[] = {"init", NULL};
    char said[512];
    if (nb_t_cli_db(out, said, sizeof said, init) != 0) {
        fprintf(stderr, "harness: noaber init failed: %s\n", said);
        return -1;
    }
    /* NOABER_TEST_PG_ROLE: the server and every later command connect as
     * the application role of deploy/postgresql-roles.sql (granted here, on
     * this database). */
    const char *role = getenv("NOABER_TEST_PG_ROLE");
    if (role == NULL || *role == '\0')
        return 0;
    const char *src = getenv("NOABER_SRC");
    snprintf(cmd, sizeof cmd,
             "psql -X -q -v ON_ERROR_STOP=1 -v app_role='%s' -f '%s/deploy/postgresql-roles.sql' "
             "'%s' >&2",
             role, src ? src : ".", out);
    /* twice: tests starting at once may race to create the role */
    int rc = -1;
    for (int attempt = 0; attempt < 2 && rc != 0; attempt++)
        rc = system(cmd); // NOLINT(cert-env33-c): psql runs the roles file
    if (rc != 0) {
        fprintf(stderr, "harness: deploy/postgresql-roles.sql failed on %s\n", out);
        return -1;
    }
    size_t n = strlen(out);
    snprintf(out + n, len - n, " user=%s", role);
    return 0;
}

int nb_t_server_start(nb_t_server *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/noaber-test-XXXXXX");
    if (mkdtemp(s->dir) == NULL) {
        perror("mkdtemp");
        return -1;
    }
    /* SQLite: the file, made by `noaber init` here; NOABER_TEST_PG: a fresh
     * database of that cluster, made ready by nb_t_db_new */
    if (nb_t_db_new(s, "test.db", s->db, sizeof s->db) != 0)
        return -1;
    if (nb_t_pg() == NULL) {
        const char *init[] = {"init", NULL};
        char out[512];
        if (nb_t_cli(s, out, sizeof out, init) != 0) {
            fprintf(stderr, "harness: noaber init failed: %s\n", out);
            return -1;
        }
    }
    return nb_t_server_spawn(s);
}

int nb_t_server_start_sibling(nb_t_server *sib, const nb_t_server *first)
{
    memset(sib, 0, sizeof *sib);
    snprintf(sib->db, sizeof sib->db, "%s", first->db);
    /* sib->dir stays empty: nb_t_server_stop removes nothing for it. */
    return nb_t_server_spawn(sib);
}

/* Starts `noaber serve` on s->db and reads its port. 0 = ok. */
static int nb_t_server_spawn(nb_t_server *s)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    s->pid = fork();
    if (s->pid < 0)
        return -1;
    if (s->pid == 0) {
        char wbuf[512];
        const char *argv[40];
        int k = nb_t_wrapper(wbuf, sizeof wbuf, argv, 20);
        argv[k++] = nb_t_bin();
        argv[k++] = "serve";
        argv[k++] = "--db";
        argv[k++] = s->db;
        argv[k++] = "--listen";
        argv[k++] = "127.0.0.1:0";
        /* NB_T_THREADS: the server's worker threads (default 4);
         * NB_T_SERVER_LOG: a file the server's log goes to (appended, level
         * debug) instead of stderr at level warn. */
        const char *threads = getenv("NB_T_THREADS");
        const char *log = getenv("NB_T_SERVER_LOG");
        argv[k++] = "--threads";
        argv[k++] = threads ? threads : "4";
        argv[k++] = "--log-level";
        argv[k++] = log ? "debug" : "warn";
        argv[k] = NULL;
        if (log != NULL) {
            int lfd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (lfd < 0 || dup2(lfd, 2) < 0)
                _exit(126);
        }
        /* If the test program dies (an assertion, a sanitizer abort), the
         * server goes with it instead of keeping meson waiting. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        close(pipefd[1]);
        if (strchr(argv[0], '/') == NULL)
            execvp(argv[0], (char *const *)argv);
        else
            execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    s->out_fd = pipefd[0];
    /* Wait up to 60 s (valgrind is slow) for "listening on http://H:P". */
    char line[256];
    size_t len = 0;
    struct pollfd pfd = {s->out_fd, POLLIN, 0};
    while (len + 1 < sizeof line) {
        if (poll(&pfd, 1, 60000) <= 0)
            break;
        ssize_t r = read(s->out_fd, line + len, 1);
        if (r <= 0)
            break;
        len += (size_t)r;
        if (line[len - 1] == '\n')
            break;
    }
    line[len] = '\0';
    const char *p = strstr(line, "http://");
    if (p == NULL) {
        fprintf(stderr, "harness: server did not start (output: '%s')\n", line);
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        return -1;
    }
    snprintf(s->base, sizeof s->base, "%.*s", (int)strcspn(p, "\r\n"), p);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

int nb_t_server_kill_restart(nb_t_server *s)
{
    if (s->pid <= 0)
        return -1;
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, 0);
    close(s->out_fd);
    s->pid = 0;
    curl_global_cleanup();
    return nb_t_server_spawn(s);
}

int nb_t_server_stop(nb_t_server *s)
{
    int status = 0;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, &status, 0);
        close(s->out_fd);
    }
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
    if (strncmp(s->dir, "/tmp/noaber-test-", 17) == 0 &&
        system(cmd) != 0) // NOLINT(cert-env33-c): rm -rf of the test's own directory
        fprintf(stderr, "harness: could not remove %s\n", s->dir);
    curl_global_cleanup();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *nb_t_token(nb_t_server *s, const char *role, long long org, long long person)
{
    char orgs[32], persons[32], out[256];
    const char *args[12];
    int k = 0;
    args[k++] = "token";
    args[k++] = "create";
    args[k++] = "--role";
    args[k++] = role;
    if (org > 0) {
        snprintf(orgs, sizeof orgs, "%lld", org);
        args[k++] = "--organisation";
        args[k++] = orgs;
    }
    if (person > 0) {
        snprintf(persons, sizeof persons, "%lld", person);
        args[k++] = "--person";
        args[k++] = persons;
    }
    args[k++] = "--label";
    args[k++] = role;
    args[k] = NULL;
    if (nb_t_cli(s, out, sizeof out, args) != 0) {
        fprintf(stderr, "harness: token create failed: %s\n", out);
        return NULL;
    }
    out[strcspn(out, "\r\n")] = '\0';
    return strdup(out);
}

int nb_t_start_beheer(nb_t_server *s, char **beheer)
{
    *beheer = NULL;
    if (nb_t_server_start(s) != 0)
        return -1;
    *beheer = nb_t_token(s, "beheer", 0, 0);
    return *beheer ? 0 : -1;
}

int nb_t_stop_beheer(nb_t_server *s, char **beheer)
{
    free(*beheer);
    *beheer = NULL;
    return nb_t_server_stop(s) == 0 ? 0 : -1;
}

int nb_t_start_net(nb_t_server *s, const nb_t_net *net)
{
    static const char *const code[] = {"GM0505", "GM0590", "GM0642"};
    static const char *const name[] = {"Dordrecht", "Papendrecht", "Zwijndrecht"};
    long long *const id[] = {net->org_a, net->org_b, net->org_c};
    *net->coord_a = *net->coord_b = *net->lezer = NULL;
    if (net->org_a == NULL || net->org_b == NULL) /* the tokens below are for A and B */
        return -1;
    if (nb_t_start_beheer(s, net->beheer) != 0)
        return -1;
    for (int i = 0; i < 3 && id[i] != NULL; i++) {
        char body[192], credit[48] = "";
        if (net->credit[i] > 0)
            snprintf(credit, sizeof credit, ",\"kredietlijnMinuten\":%lld", net->credit[i]);
        snprintf(body, sizeof body, "{\"code\":\"%s\",\"soort\":\"gemeente\",\"naam\":\"%s\"%s}",
                 code[i], name[i], credit);
        *id[i] = nb_t_create(s, "/api/v1/organisaties", *net->beheer, body);
    }
    *net->coord_a = nb_t_token(s, "coordinator", *net->org_a, 0);
    *net->coord_b = nb_t_token(s, "coordinator", *net->org_b, 0);
    *net->lezer = nb_t_token(s, "lezer", *net->org_a, 0);
    return *net->coord_a && *net->coord_b && *net->lezer ? 0 : -1;
}

int nb_t_stop_net(nb_t_server *s, const nb_t_net *net)
{
    char **tok[] = {net->coord_a, net->coord_b, net->lezer};
    for (size_t i = 0; i < sizeof tok / sizeof tok[0]; i++) {
        free(*tok[i]);
        *tok[i] = NULL;
    }
    return nb_t_stop_beheer(s, net->beheer);
}

typedef struct nb_t_sink {
    char *data;
    size_t len;
} nb_t_sink;

static size_t nb_t_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
    nb_t_sink *k = ud;
    size_t n = size * nmemb;
    char *p = realloc(k->data, k->len + n + 1);
    if (p == NULL)
        return 0;
    memcpy(p + k->len, ptr, n);
    k->data = p;
    k->len += n;
    k->data[k->len] = '\0';
    return n;
}

/* nb_t_keep_alive: the handle every request reuses (its connection kept
 * alive); NULL: a new handle, so a new connection, per request. */
static CURL *nb_t_kept;

void nb_t_keep_alive(int on)
{
    if (!on || nb_t_kept != NULL) {
        curl_easy_cleanup(nb_t_kept);
        nb_t_kept = NULL;
    }
    if (on)
        nb_t_kept = curl_easy_init();
}

int nb_t_req_h(nb_t_server *s, const char *method, const char *path, const char *token,
               const char *body, const char *const *headers, nb_t_resp *out)
{
    CURL *c = nb_t_kept ? nb_t_kept : curl_easy_init();
    if (nb_t_kept)
        curl_easy_reset(c); /* the options go; the connection stays */
    struct curl_slist *h = NULL;
    nb_t_sink b = {NULL, 0}, hd = {NULL, 0};
    char url[1024], auth[256];
    int has_ctype = 0;
    memset(out, 0, sizeof *out);
    if (c == NULL)
        return -1;
    snprintf(url, sizeof url, "%s%s", s->base, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, nb_t_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, nb_t_write);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hd);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    int has_expect = 0;
    for (int i = 0; headers && headers[i]; i++) {
        h = curl_slist_append(h, headers[i]);
        if (strncasecmp(headers[i], "Content-Type:", 13) == 0)
            has_ctype = 1;
        if (strncasecmp(headers[i], "Expect:", 7) == 0)
            has_expect = 1;
    }
    if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, auth);
    }
    if (body) {
        if (!has_ctype)
            h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    if (!has_expect) /* bodies go at once unless the caller asks to wait for 100 */
        h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
    else
        fprintf(stderr, "harness: %s %s: %s\n", method, path, curl_easy_strerror(rc));
    curl_slist_free_all(h);
    if (c != nb_t_kept)
        curl_easy_cleanup(c);
    out->body = b.data ? b.data : strdup("");
    out->body_len = b.data ? b.len : 0;
    out->headers = hd.data ? hd.data : strdup("");
    json_error_t jerr;
    out->json = json_loads(out->body, 0, &jerr);
    return rc == CURLE_OK ? 0 : -1;
}

int nb_t_req(nb_t_server *s, const char *method, const char *path, const char *token,
             const char *json_body, nb_t_resp *out)
{
    return nb_t_req_h(s, method, path, token, json_body, NULL, out);
}

void nb_t_reqf(nb_t_server *s, nb_t_resp *r, const char *method, const char *token,
               const char *body, const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof path, fmt, ap);
    va_end(ap);
    assert_int_equal(nb_t_req(s, method, path, token, body, r), 0);
}

size_t nb_t_assert_rows_equal_get(nb_t_server *s, const char *token, const char *path,
                                  const char *name, json_t **rows)
{
    nb_t_resp r, one;
    size_t base = strlen(s->base);
    assert_int_equal(nb_t_req(s, "GET", path, token, NULL, &r), 0);
    nb_t_assert_status(&r, 200);
    json_t *items = json_object_get(json_object_get(r.json, "_embedded"), name);
    assert_true(json_is_array(items));
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        const char *self = json_string_value(
            json_object_get(json_object_get(json_object_get(it, "_links"), "self"), "href"));
        assert_non_null(self);
        assert_true(strncmp(self, s->base, base) == 0);
        char *row = json_dumps(it, JSON_COMPACT | JSON_ENSURE_ASCII);
        assert_int_equal(nb_t_req(s, "GET", self + base, token, NULL, &one), 0);
        nb_t_assert_status(&one, 200);
        if (strcmp(row, one.body) != 0)
            fprintf(stderr, "%s row %zu: %s\nGET %s: %s\n", path, i, row, self, one.body);
        assert_string_equal(row, one.body);
        free(row);
        nb_t_resp_free(&one);
    }
    size_t n = json_array_size(items);
    if (rows)
        *rows = json_incref(items);
    nb_t_resp_free(&r);
    return n;
}

size_t nb_t_walk_ids(nb_t_server *s, const char *token, const char *first, const char *name,
                     long long *ids, size_t max, void (*between)(void *ctx, int pages), void *ctx)
{
    nb_t_resp r;
    char path[1024];
    size_t n = 0, base = strlen(s->base);
    int keyset = strstr(first, "na=") != NULL;
    snprintf(path, sizeof path, "%s", first);
    for (int pages = 1; pages <= 1000; pages++) {
        assert_int_equal(nb_t_req(s, "GET", path, token, NULL, &r), 0);
        nb_t_assert_status(&r, 200);
        json_t *links = json_object_get(r.json, "_links");
        json_t *items = json_object_get(json_object_get(r.json, "_embedded"), name);
        assert_true(json_is_array(items));
        if (keyset) {
            assert_null(json_object_get(r.json, "totaal"));
            assert_null(json_object_get(r.json, "pagina"));
            assert_null(json_object_get(links, "last"));
        } else {
            assert_non_null(json_object_get(r.json, "totaal"));
        }
        for (size_t i = 0; i < json_array_size(items); i++) {
            assert_true(n < max);
            ids[n++] =
                (long long)json_integer_value(json_object_get(json_array_get(items, i), "id"));
        }
        const char *next =
            json_string_value(json_object_get(json_object_get(links, "next"), "href"));
        if (next == NULL) {
            nb_t_resp_free(&r);
            return n;
        }
        if (keyset) /* a next only after a full page */
            assert_int_equal(
                (long long)json_array_size(items),
                (long long)json_integer_value(json_object_get(r.json, "paginaGrootte")));
        assert_true(strncmp(next, s->base, base) == 0);
        snprintf(path, sizeof path, "%s", next + base);
        nb_t_resp_free(&r);
        if (between)
            between(ctx, pages);
    }
    fail_msg("%s: more than 1000 pages", first);
    return n;
}

void nb_t_assert_status(nb_t_resp *r, long status)
{
    if (r->status != status)
        fprintf(stderr, "expected %ld, got %ld: %s\n", status, r->status, r->body);
    assert_int_equal(r->status, status);
    if (status >= 400) {
        assert_string_equal(nb_t_header(r, "Content-Type"), "application/problem+json");
        assert_non_null(json_string_value(json_object_get(r->json, "detail")));
    }
}

void nb_t_resp_free(nb_t_resp *r)
{
    json_decref(r->json);
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

const char *nb_t_header(nb_t_resp *r, const char *name)
{
    char *value = r->hval;
    size_t n = strlen(name);
    for (const char *p = r->headers; p && *p;) {
        const char *eol = strstr(p, "\r\n");
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            snprintf(value, sizeof r->hval, "%.*s", (int)(len - (size_t)(v - p)), v);
            return value;
        }
        p = eol ? eol + 2 : NULL;
    }
    return NULL;
}

int nb_t_invalid(const nb_t_resp *r, const char *name)
{
    json_t *list = json_object_get(r->json, "invalidParams");
    size_t i;
    json_t *item;
    json_array_foreach (list, i, item) {
        const char *n = json_string_value(json_object_get(item, "name"));
        if (n && strcmp(n, name) == 0)
            return 1;
    }
    return 0;
}

long long nb_t_create(nb_t_server *s, const char *path, const char *token, const char *json_body)
{
    nb_t_resp r;
    assert_int_equal(nb_t_req(s, "POST", path, token, json_body, &r), 0);
    if (r.status != 201)
        fprintf(stderr, "harness: POST %s gave %ld: %s\n", path, r.status, r.body);
    assert_int_equal(r.status, 201);
    long long id = (long long)json_integer_value(json_object_get(r.json, "id"));
    assert_true(id > 0);
    nb_t_resp_free(&r);
    return id;
}

void nb_t_consent_all(nb_t_server *s, const char *reader, long long assignment)
{
    nb_t_resp r;
    char path[128];
    snprintf(path, sizeof path, "/api/v1/opdrachten/%lld", assignment);
    assert_int_equal(nb_t_req(s, "GET", path, reader, NULL, &r), 0);
    assert_int_equal(r.status, 200);
    json_t *reqs = json_incref(json_object_get(r.json, "aanvragers"));
    int regional = strcmp(json_string_value(json_object_get(r.json, "soort")), "regionaal") == 0;
    nb_t_resp_free(&r);
    size_t i;
    json_t *item;
    json_array_foreach (reqs, i, item) {
        if (regional)
            break;
        long long org = (long long)json_integer_value(json_object_get(item, "organisatieId"));
        char *tok = nb_t_token(s, "coordinator", org, 0);
        assert_non_null(tok);
        snprintf(path, sizeof path, "/api/v1/opdrachten/%lld/instemmingen/%lld", assignment, org);
        assert_int_equal(nb_t_req(s, "PUT", path, tok, "{}", &r), 0);
        if (r.status != 200)
            fprintf(stderr, "harness: PUT %s gave %ld: %s\n", path, r.status, r.body);
        assert_int_equal(r.status, 200);
        nb_t_resp_free(&r);
        free(tok);
    }
    json_decref(reqs);
}
