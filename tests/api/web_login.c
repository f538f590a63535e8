/*
 * tests/api/web_login.c — a logged-in web user made directly in a database
 * (web_login.h).
 */
#include "api/web_login.h"

#include "core/totp.h"
#include "store/sessions.h"
#include "store/store.h"
#include "store/users.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void nb_t_login_totp_code(const char *secret, int64_t t, char code[7])
{
    unsigned char key[64];
    size_t keylen = 0;
    code[0] = '\0';
    if (nb_base32_decode(secret, key, sizeof key, &keylen) != 0)
        return;
    int64_t v = nb_hotp(key, keylen, (uint64_t)nb_totp_step(t), 6);
    snprintf(code, 7, "%06lld", (long long)v);
}

int nb_t_login_make(const char *db, const char *login, const char *role, int64_t org,
                    int64_t person, const char *password, nb_t_login *out)
{
    nb_store *st = NULL;
    nb_err err = {{0}};
    nb_auth_config cfg;
    nb_actor actor = {"test", "beheer", "127.0.0.1"};
    nb_session_new ns;
    int64_t id = 0, retry = 0, now = (int64_t)time(NULL);
    char code[7];
    int rc;
    memset(out, 0, sizeof *out);
    nb_auth_config_default(&cfg);
    if (sodium_init() < 0 || nb_store_open(db, 0, &st, &err) != 0)
        goto fail;
    if (nb_store_begin(st, &err) != 0)
        goto fail;
    rc = nb_user_create(st, &actor, login, "", role, org, person, password, &id, &err);
    if (rc == 0 && strcmp(role, "beheer") == 0) {
        rc = nb_user_totp_begin(st, &actor, id, out->totp, &err);
        nb_t_login_totp_code(out->totp, now - 30, code); /* the login below uses the current step */
        if (rc == 0)
            rc = nb_user_totp_confirm(st, &actor, id, code, now, &err);
    }
    if (rc == 0)
        rc = nb_session_login(st, &cfg, login, password, "127.0.0.1", now, &ns, &retry, &err);
    if (rc == 0 && ns.stage == NB_SESSION_TOTP) {
        char pending[NB_SESSION_TOKEN_LEN + 1];
        memcpy(pending, ns.cookie, sizeof pending);
        nb_t_login_totp_code(out->totp, now, code);
        rc = nb_session_second_factor(st, &cfg, pending, code, "127.0.0.1", now, &ns, &retry, &err);
    }
    if (rc != 0) {
        nb_store_rollback(st);
        goto fail;
    }
    if (nb_store_commit(st, &err) != 0)
        goto fail;
    nb_store_close(st);
    out->user_id = id;
    snprintf(out->cookie, sizeof out->cookie, "%s", ns.cookie);
    snprintf(out->csrf, sizeof out->csrf, "%s", ns.csrf);
    return 0;
fail:
    fprintf(stderr, "nb_t_login_make(%s, %s): %s\n", login, role, err.msg);
    if (st)
        nb_store_close(st);
    return -1;
}
