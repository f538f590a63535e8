/*
 * tests/crash/crash_http.c — the plumbing of the crash loop: seeded
 * randomness, a keep-alive libcurl client that tells "no answer" (outcome
 * unknown) from an answer, and the `noaber serve` child. See crash.h.
 */
#include "crash.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

uint64_t crash_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

long long crash_between(uint64_t *s, long long lo, long long hi)
{
    return lo + (long long)(crash_rand(s) % (uint64_t)(hi - lo + 1));
}

/* ---- HTTP client ------------------------------------------------------------ */

static size_t crash_http_write(char *ptr, size_t size, size_t n, void *ud)
{
    crash_http *h = ud;
    size_t add = size * n;
    char *nb = realloc(h->body, h->len + add + 1);
    if (nb == NULL)
        return 0;
    memcpy(nb + h->len, ptr, add);
    h->body = nb;
    h->len += add;
    h->body[h->len] = '\0';
    return add;
}

void crash_http_reset(crash_http *h, const char *base)
{
    if (h->c)
        curl_easy_cleanup(h->c);
    h->c = curl_easy_init();
    snprintf(h->base, sizeof h->base, "%s", base);
}

void crash_http_free(crash_http *h)
{
    if (h->c)
        curl_easy_cleanup(h->c);
    free(h->body);
    json_decref(h->json);
    memset(h, 0, sizeof *h);
}

long crash_http_req(crash_http *h, const char *method, const char *path, const char *token,
                    const char *body)
{
    char url[512], auth[256];
    struct curl_slist *hd = NULL;
    long status = -1;
    h->len = 0;
    if (h->body)
        h->body[0] = '\0';
    json_decref(h->json);
    h->json = NULL;
    if (h->c == NULL)
        return -1;
    curl_easy_reset(h->c);
    snprintf(url, sizeof url, "%s%s", h->base, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    hd = curl_slist_append(hd, auth);
    hd = curl_slist_append(hd, "Accept: application/json");
    hd = curl_slist_append(hd, "Expect:");
    if (body)
        hd = curl_slist_append(hd, "Content-Type: application/json");
    curl_easy_setopt(h->c, CURLOPT_URL, url);
    curl_easy_setopt(h->c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h->c, CURLOPT_HTTPHEADER, hd);
    curl_easy_setopt(h->c, CURLOPT_WRITEFUNCTION, crash_http_write);
    curl_easy_setopt(h->c, CURLOPT_WRITEDATA, h);
    curl_easy_setopt(h->c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h->c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h->c, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h->c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(h->c, CURLOPT_CONNECTTIMEOUT, 10L);
    if (body) {
        curl_easy_setopt(h->c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h->c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    h->curl_rc = curl_easy_perform(h->c);
    if (h->curl_rc == CURLE_OK) {
        curl_easy_getinfo(h->c, CURLINFO_RESPONSE_CODE, &status);
        h->json = h->body ? json_loads(h->body, 0, NULL) : NULL;
    }
    curl_slist_free_all(hd);
    return status;
}

/* ---- The server child -------------------------------------------------------- */

pid_t crash_server_spawn(const char *bin, const char *db, char base[64], int no_wait)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        const char *argv[] = {bin,           "serve",       "--db",      db,
                              "--listen",    "127.0.0.1:0", "--threads", "4",
                              "--log-level", "warn",        NULL};
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    if (no_wait) {
        close(fd[0]);
        return pid;
    }
    char line[256];
    size_t len = 0;
    struct pollfd pfd = {fd[0], POLLIN, 0};
    while (len + 1 < sizeof line && poll(&pfd, 1, 60000) > 0) {
        if (read(fd[0], line + len, 1) <= 0)
            break;
        if (line[len++] == '\n')
            break;
    }
    line[len] = '\0';
    /* Nothing more comes on stdout (the log goes to stderr, and the server
     * ignores SIGPIPE), so the read end can go. */
    close(fd[0]);
    const char *p = strstr(line, "http://");
    if (p == NULL) {
        fprintf(stderr, "crash: server did not start (output: '%s')\n", line);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    snprintf(base, 64, "%.*s", (int)strcspn(p, "\r\n"), p);
    return pid;
}
