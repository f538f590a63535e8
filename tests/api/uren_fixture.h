/*
 * tests/api/uren_fixture.h — the shared fixture of the hours tests
 * (test_uren_inzet.c, test_uren.c, test_uren_keyset.c, ...): one server
 * and the records made once in setup (organisations with credit lines,
 * people, tokens per role, an assignment of each kind with its line), and the
 * request helpers for organisations, people, assignments, inzet, time
 * entries, decisions and saldo. Test code only; the helpers fail the running
 * cmocka test when a request that must succeed does not.
 */
#ifndef NB_TESTS_API_UREN_FIXTURE_H
#define NB_TESTS_API_UREN_FIXTURE_H

#include "harness.h"

/* Made by setup (the inzet_* ids by the inzet tests of test_uren_inzet.c, or by
 * setup_staffed); the tokens are freed by teardown. */
extern nb_t_server srv;
extern char *beheer, *lezer, *coord_a, *coord_b, *coord_p;
extern char *tok_w1, *tok_w2, *tok_client_a, *tok_client_b, *tok_client_d, *tok_own_a;
extern long long org_a, org_b, org_d, org_p, comp;
extern long long w1, w2, client_a, client_b, client_d, own_a;
extern long long asg_l, asg_m, asg_r, asg_d, asg_concept;
extern long long line_l, line_m, line_r, line_d, line_concept;
extern long long inzet_l_w1, inzet_l_own, inzet_m_w1, inzet_r_w1, inzet_d_w1;
extern char yesterday[11], tomorrow[11];

/* Integer / string member key of o (0 / NULL when absent). */
long long num(const json_t *o, const char *key);
const char *str(const json_t *o, const char *key);

/* Today plus days as YYYY-MM-DD (UTC) into out. */
void day_offset(char out[11], int days);

/* Creates an organisation / a person with beheer; returns its id. */
long long make_org(const char *code, const char *kind, const char *name, long long inw,
                   long long credit);
long long make_person(long long org, const char *name, const char *email);

/* Moves an assignment along the status machine with beheer. */
void asg_status(long long id, const char *status);

/* Creates an assignment (requesters JSON, e.g. [{"organisatieId":1}]) and returns its id and
 * line id; accept != 0 moves it on to geaccepteerd. */
long long make_asg(const char *title, const char *kind, const char *requesters, long long client,
                   long long *line, int accept);

/* As make_asg, with the period startdatum..einddatum (YYYY-MM-DD) and the line's minutes given
 * (make_asg: 2025-01-01..2027-12-31, 60000 minutes). */
long long make_asg_period(const char *title, const char *kind, const char *requesters,
                          long long client, const char *start, const char *end,
                          long long line_minutes, long long *line, int accept);

/* Creates an inzet (allocation) of person on asg/line; returns its id. */
long long make_inzet(const char *token, long long asg, long long line, long long person,
                     long long minutes);

/* PUT inzet status into *r (caller frees with nb_t_resp_free). */
void inzet_status(nb_t_resp *r, const char *token, long long id, const char *status);

/* POST a time entry into *r (caller frees); person 0 = leave medewerkerId out. */
void uren(nb_t_resp *r, const char *token, long long person, long long asg, const char *date,
          long long minutes);

/* POST a time entry that must be created (201, ingediend); returns its id. */
long long uren_ok(const char *token, long long person, long long asg, const char *date,
                  long long minutes);

/* PUT the decision (besluit, reden or NULL) on a time entry into *r (caller frees). */
void decide(nb_t_resp *r, const char *token, long long entry, const char *besluit,
            const char *reden);

/* The ledger figures of one organisation, from GET /organisaties/{id}/saldo. */
typedef struct saldo {
    long long saldo, beschikbaar, debet_res, debet_geboekt, credit_res, credit_geboekt;
} saldo;

saldo get_saldo(long long org);

/* The reservation of org in an inzet JSON: minutes of the open one (0 if none). */
long long open_reserved(const json_t *inzet, long long org);

/* How many rows the audit log holds (GET /auditregels, totaal). */
long long audit_total(void);

/* cmocka group setup / teardown: start the server and make / free the records. */
int setup(void **state);
int teardown(void **state);

/*
 * cmocka group setup for the tests that start where test_uren_inzet.c ends:
 * setup, then the allocations its tests leave (the inzet_* ids): w1 on L (600)
 * confirmed, w2 on L (60) in concept, own_a on L (300, own organisation: nothing
 * reserved), w1 on M (400, split 1 : 3) and on R (401), w2 on R (60), all
 * confirmed; on D 1001 minutes of w1 in concept (over the limit) and 1000
 * confirmed (all of D's credit line). teardown frees it.
 */
int setup_staffed(void **state);

#endif
