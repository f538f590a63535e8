/*
 * tests/api/web_session.c — logged-in page requests for the HTTP tests
 * (web_session.h).
 */
#include "api/web_session.h"

#include "core/totp.h"
#include "store/sessions.h"
#include "store/store.h"
#include "store/users.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#define NB_T_PASSWORD "correct-horse-battery-9"

void nb_t_web_totp_code(const nb_t_web *web, long long t, char code[7])
{
    unsigned char key[64];
    size_t keylen = 0;
    code[0] = '\0';
    if (nb_base32_decode(web->totp, key, sizeof key, &keylen) != 0)
        return;
    int64_t v = nb_hotp(key, keylen, (uint64_t)nb_totp_step(t), 6);
    snprintf(code, 7, "%06lld", (long long)v);
}

int nb_t_web_session(nb_t_server *s, const char *login, const char *role, long long org,
                     long long person, nb_t_web *out)
{
    nb_store *st = NULL;
    nb_err err = {{0}};
    nb_auth_config cfg;
    nb_actor actor = {"test", "beheer", "127.0.0.1"};
    nb_session_new ns;
    int64_t id = 0, retry = 0, now = (int64_t)time(NULL);
    int rc;
    memset(out, 0, sizeof *out);
    snprintf(out->login, sizeof out->login, "%s", login);
    snprintf(out->password, sizeof out->password, "%s", NB_T_PASSWORD);
    nb_auth_config_default(&cfg);
    if (sodium_init() < 0 || nb_store_open(s->db, 0, &st, &err) != 0)
        goto fail;
    if ((rc = nb_store_begin(st, &err)) != 0)
        goto fail;
    rc = nb_user_create(st, &actor, login, "", role, org, person, NB_T_PASSWORD, &id, &err);
    if (rc == 0 && strcmp(role, "beheer") == 0) {
        char code[7];
        rc = nb_user_totp_begin(st, &actor, id, out->totp, &err);
        nb_t_web_totp_code(out, now - 30, code); /* the login below uses the current step */
        if (rc == 0)
            rc = nb_user_totp_confirm(st, &actor, id, code, now, &err);
    }
    if (rc == 0)
        rc = nb_session_login(st, &cfg, login, NB_T_PASSWORD, "127.0.0.1", now, &ns, &retry, &err);
    if (rc == 0 && ns.stage == NB_SESSION_TOTP) {
        char cookie[NB_SESSION_TOKEN_LEN + 1], code[7];
        memcpy(cookie, ns.cookie, sizeof cookie);
        nb_t_web_totp_code(out, now, code);
        rc = nb_session_second_factor(st, &cfg, cookie, code, "127.0.0.1", now, &ns, &retry, &err);
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
    fprintf(stderr, "nb_t_web_session(%s, %s): %s\n", login, role, err.msg);
    if (st)
        nb_store_close(st);
    return -1;
}

void nb_t_page(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
               const char *form, nb_t_resp *out)
{
    char cookie[128], origin[96], body[8192];
    const char *headers[4];
    int n = 0;
    if (web && web->cookie[0]) {
        snprintf(cookie, sizeof cookie, "Cookie: __Host-noaber-sessie=%s", web->cookie);
        headers[n++] = cookie;
    }
    snprintf(origin, sizeof origin, "Origin: %s", s->base);
    headers[n++] = origin;
    if (form)
        headers[n++] = "Content-Type: application/x-www-form-urlencoded";
    headers[n] = NULL;
    if (form)
        snprintf(body, sizeof body, "%s%s%s", form, web && web->csrf[0] ? "&csrf=" : "",
                 web && web->csrf[0] ? web->csrf : "");
    assert_int_equal(nb_t_req_h(s, method, path, NULL, form ? body : NULL, headers, out), 0);
}
