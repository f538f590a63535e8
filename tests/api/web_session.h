/*
 * tests/api/web_session.h — logged-in page requests for the HTTP tests.
 *
 * nb_t_web_session makes a user with the store functions on the test
 * server's database (in the test process: Argon2id runs natively, not under
 * the server's valgrind) and logs it in there, so the test holds a live
 * session cookie and its CSRF token as a browser would after the login form.
 * nb_t_page sends a page request with that cookie; form bodies are
 * application/x-www-form-urlencoded and get the session's CSRF token
 * appended when the session has one.
 */
#ifndef NB_TESTS_API_WEB_SESSION_H
#define NB_TESTS_API_WEB_SESSION_H

#include "api/harness.h"

struct nb_db; /* store/db.h */

typedef struct nb_t_web {
    char login[64];
    char password[64];
    long long user_id;
    char cookie[64]; /* session cookie value; "" = anonymous */
    char csrf[64];   /* the session's CSRF token */
    char totp[40];   /* base32 TOTP secret (beheer); "" = none */
} nb_t_web;

/*
 * Creates user login with role ("beheer", "coordinator", "medewerker",
 * "lezer"), organisation org and person person (0 = none) and the password
 * "correct-horse-battery-9" on s's database, then logs it in (stage
 * "volledig"; a beheer user is enrolled in TOTP first and logs in with a
 * code, see nb_t_web_totp_code). 0 = ok; failures are printed.
 */
int nb_t_web_session(nb_t_server *s, const char *login, const char *role, long long org,
                     long long person, nb_t_web *out);

/* The TOTP code of web's secret (web->totp) at Unix time t, into code[7]. */
void nb_t_web_totp_code(const nb_t_web *web, long long t, char code[7]);

/*
 * A page request as web (NULL = anonymous). form (may be NULL) is sent as
 * the urlencoded body of a POST, with "&csrf=<token>" added when web has a
 * session. Origin is sent as the server's own. Asserts that a response came.
 */
void nb_t_page(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
               const char *form, nb_t_resp *out);

/* Runs q (one or more statements) on s's database; fails the test on an error. */
void nb_t_sql(nb_t_server *s, const char *q);

/* The first column of the first row of q on s's database as text into out
 * ("" for none or NULL). */
void nb_t_sql_text(nb_t_server *s, const char *q, char *out, size_t len);

/*
 * The oracle queries of the tests, on either store: s->db is a SQLite file
 * or, under NOABER_TEST_PG, a PostgreSQL database (as the server's role,
 * NOABER_TEST_PG_ROLE). The SQL must be portable: a boolean or a sum reads
 * as an integer on both (PostgreSQL's 't'/'f' as 1/0), but integer division,
 * GLOB, PRAGMA, sqlite_master and the like are not (docs/DEVELOPING.md,
 * "Portable SQL").
 */

/* The first column of the first row of the query fmt (printf-formatted: ids
 * and dates of the test, never outside text) as an integer; NULL reads as
 * 0. Fails the test when the query fails or gives no row. */
long long nb_t_sql_int(nb_t_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Every row of q (ncols columns) as text: columns separated by '|', each row
 * ended by '\n', NULL as "NULL". malloc'd, the caller frees it. */
char *nb_t_sql_rows(nb_t_server *s, int ncols, const char *q);

/* Runs q that may be refused: 0 when it ran, else the driver's code
 * (NB_ECONFLICT, NB_EBUSY, NB_EDB) with its message in msg. owner = 1
 * connects as the database's owner (on PostgreSQL without the server's role:
 * what the triggers refuse even to a role that holds the privilege). */
int nb_t_sql_try(nb_t_server *s, int owner, const char *q, char *msg, size_t len);

/* 1 when s's database is PostgreSQL (for the few oracle queries that must
 * differ, such as the list of tables). */
int nb_t_sql_pg(const nb_t_server *s);

/* Sets s's schema version as the owner would (the driver's version_set:
 * SQLite's user_version, PostgreSQL's noaber_schema), in its own
 * transaction. */
void nb_t_sql_set_version(nb_t_server *s, int version);

/* Holds the store's write lock from a connection of the test's own, as a
 * writer that does not finish: SQLite's BEGIN IMMEDIATE, PostgreSQL's
 * network write lock (the advisory lock of store/db_pg.c). Released (rolled
 * back, closed) by nb_t_sql_release. Fails the test when it cannot. */
struct nb_db *nb_t_sql_hold_write(nb_t_server *s);
void nb_t_sql_release(struct nb_db *db);

/* Asserts r's status, printing the body when it differs (pages answer HTML,
 * so nb_t_assert_status's problem+json check does not apply). */
void nb_t_assert_page(nb_t_resp *r, long status);

/* nb_t_page into r (zeroed first; the caller frees r->body as after
 * nb_t_page), then nb_t_assert_page(r, status). */
void nb_t_page_expect(nb_t_server *s, const nb_t_web *web, const char *method, const char *path,
                      const char *form, long status, nb_t_resp *r);

/* Assert that the page's body holds text / does not hold it (printing the
 * body, or a part of it, when it fails). */
void nb_t_assert_has(const nb_t_resp *r, const char *text);
void nb_t_assert_lacks(const nb_t_resp *r, const char *text);

/* Asserts that r sets the flash cookie to code (an NB_WEB_FLASH_* number). */
void nb_t_assert_flash(nb_t_resp *r, int code);

#endif
