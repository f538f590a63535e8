/*
 * tests/fuzz/replay_main.c — replays a fuzz corpus without libFuzzer.
 *
 * usage: fuzz_replay_<harness> DIR|FILE...
 * Runs LLVMFuzzerTestOneInput once over every regular file (directories are
 * read one level deep, in name order), so `make test` checks every saved
 * input in the plain and the ASan+UBSan builds without clang. Prints one
 * "ok" line per argument; exits 1 when an argument holds no input at all
 * (an empty corpus asserts nothing). A failing input aborts the program;
 * its file name is printed first.
 */
#include "fuzz.h"

#include <dirent.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The input being replayed, for the crash message (test code; main only). */
static char nb_replay_current[4096];

static void nb_replay_on_signal(int sig)
{
    static const char msg[] = "\nfuzz replay: crashed on input ";
    ssize_t w = write(2, msg, sizeof msg - 1);
    w += write(2, nb_replay_current, strlen(nb_replay_current));
    w += write(2, "\n", 1);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Reads a whole file into a new buffer (caller frees); NULL on failure. */
static uint8_t *nb_replay_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            uint8_t *p = realloc(data, ncap);
            if (p == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
            cap = ncap;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return data;
}

/* Replays one file; returns 0, or -1 when it cannot be read. */
static int nb_replay_file(const char *path)
{
    size_t len = 0;
    snprintf(nb_replay_current, sizeof nb_replay_current, "%s", path);
    uint8_t *data = nb_replay_read(path, &len);
    if (data == NULL) {
        fprintf(stderr, "fuzz replay: cannot read %s\n", path);
        return -1;
    }
    /* An exact-size copy, so ASan sees any read past the input. */
    uint8_t *exact = malloc(len ? len : 1);
    if (exact == NULL) {
        free(data);
        return -1;
    }
    memcpy(exact, data, len);
    free(data);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 0;
}

static int nb_replay_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file of dir; returns the count, or -1 on an error. */
static long nb_replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    long count = 0;
    if (d == NULL) {
        fprintf(stderr, "fuzz replay: cannot open %s\n", dir);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *names);
            if (p == NULL) {
                count = -1;
                goto cleanup;
            }
            names = p;
        }
        names[n] = strdup(e->d_name);
        if (names[n] == NULL) {
            count = -1;
            goto cleanup;
        }
        n++;
    }
    if (n > 0)
        qsort(names, n, sizeof *names, nb_replay_cmp);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        if (nb_replay_file(path) != 0) {
            count = -1;
            goto cleanup;
        }
        count++;
    }
cleanup:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return count;
}

int main(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    signal(SIGABRT, nb_replay_on_signal);
    signal(SIGSEGV, nb_replay_on_signal);
    signal(SIGFPE, nb_replay_on_signal);
    signal(SIGBUS, nb_replay_on_signal);
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        long count;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "fuzz replay: no such file or directory: %s\n", argv[i]);
            rc = 1;
            continue;
        }
        count = S_ISDIR(sb.st_mode) ? nb_replay_dir(argv[i]) : nb_replay_file(argv[i]) == 0;
        if (count <= 0) {
            fprintf(stderr, "fuzz replay: %s: %s\n", argv[i],
                    count == 0 ? "no inputs (an empty corpus tests nothing)" : "read error");
            printf("not ok %d - %s\n", i, argv[i]);
            rc = 1;
            continue;
        }
        printf("ok %d - %s: %ld inputs replayed\n", i, argv[i], count);
    }
    return rc;
}
