/*
 * store/asg_rules.h — the rules of an assignment that need the store, shared
 * by the JSON API (api/opdrachten.c, api/instemmingen.c) and the pages
 * (web/opdrachten_*.c), so both decide the same way:
 *
 *   - nb_asg_check: everything about a new or changed assignment that its
 *     fields alone cannot say — the shape rules of core/assignment.h, the
 *     dates, the references (organisations, competencies, the ambtelijk
 *     opdrachtgever) and DOMAIN rule 7 (the ambtelijk opdrachtgever belongs
 *     to a requesting organisation);
 *   - who may change what (nb_asg_may_change, nb_asg_may_transition) and
 *     the whole status change (nb_asg_change_status);
 *   - DOMAIN rule 9 on writing: the consent a coordinator's own write
 *     implies or beheer's acceptance of a regional assignment
 *     (nb_asg_consent_after_write), and a coordinator consenting for its own
 *     organisation (nb_asg_consent_agree).
 *
 * Every change is audited with the actor (store.h nb_store_audit), in the
 * caller's transaction. Reasons are Dutch.
 */
#ifndef NB_STORE_ASG_RULES_H
#define NB_STORE_ASG_RULES_H

#include "util/attr.h"

#include "core/assignment.h"
#include "http/http.h"
#include "store/assignments.h"
#include "store/consents.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>

#define NB_ASG_MAX_PROBLEMS 64

/*
 * Checks assignment a (borrowed) as created (old NULL: its status must be
 * concept or ingediend) or changed from old: start and end dates, the shape
 * (core nb_assignment_validate), requesting organisations, competencies and
 * a (newly chosen) programme that exist, the ambtelijk opdrachtgever that exists and (unless a has no
 * requesters) belongs to a requester. Writes up to max problems into out
 * (caller-owned; field and index say where, reason is Dutch) and the total
 * into *n. Returns 0 (problems or not) or a negative code on a database error.
 */
NB_MUST_USE int nb_asg_check(nb_store *st, const nb_asg *a, const nb_asg *old,
                             nb_assignment_problem *out, size_t max, size_t *n, nb_err *err);

/* 1 when organisation org is a requester of a. */
NB_MUST_USE int nb_asg_has_requester(const nb_asg *a, int64_t org);

/*
 * 0 when who may change a at all (beheer, or a coordinator of a requester);
 * NB_EFORBIDDEN with a Dutch reason in err otherwise.
 */
NB_MUST_USE int nb_asg_may_change(const nb_principal *who, const nb_asg *a, nb_err *err);

/*
 * 0 when who may make the status change from → to by role (beheer: any; a
 * coordinator: core nb_assignment_requester_may); NB_EFORBIDDEN with a
 * Dutch reason otherwise. Legality is nb_assignment_transition_check.
 */
NB_MUST_USE int nb_asg_may_transition(const nb_principal *who, nb_assignment_status from,
                                      nb_assignment_status to, nb_err *err);

/*
 * Moves assignment id to status to for who (actor for the audit): loads it
 * into a (caller-owned), checks nb_asg_may_change, the legal transition and
 * nb_asg_may_transition, sets the status, voids unused reservations when to
 * is final, audits "status" with {"van", "naar"} and, when reason is not
 * NULL or empty, "reden", reloads a and records the consent the change
 * implies (nb_asg_consent_after_write). to == the current status changes
 * nothing and returns 0. Returns 0; NB_ENOTFOUND; NB_EFORBIDDEN or
 * NB_ECONFLICT (illegal transition, naming the legal next states) with a
 * Dutch reason in err; other codes on database errors.
 */
NB_MUST_USE int nb_asg_change_status(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                     int64_t id, nb_assignment_status to, const char *reason,
                                     nb_asg *a, nb_err *err);

/*
 * Creates assignment a (already checked with nb_asg_check) for who: a
 * coordinator only with its own organisation among the requesters and only
 * in a programme it may choose (store/programmes.h nb_prog_may_link;
 * NB_EFORBIDDEN otherwise), inserts it, audits "create" with detail (JSON
 * text, borrowed; NULL = none), records the consent it implies and reloads
 * a. Returns 0 or a negative code.
 */
NB_MUST_USE int nb_asg_create_checked(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                      nb_asg *a, const char *detail, nb_err *err);

/*
 * Changes assignment old (as loaded, borrowed) into a (the caller's, already
 * checked with nb_asg_check against old; a->id == old->id) for who: refuses
 * (NB_ECONFLICT) a final assignment, an illegal status transition (then
 * *transition, optional, is set to 1) and removing lines once staffed;
 * refuses (NB_EFORBIDDEN) who may not change it, a coordinator taking its
 * own organisation out of the requesters, a status change that is for
 * beheer, a coordinator changing who pays once past concept, and a
 * programme change who may not make (nb_prog_may_link). Then it
 * saves a (lines keep their ids), voids unused reservations when a becomes
 * final, audits "update" with detail (JSON text, borrowed; NULL = none) and
 * records the consent the write implies (a coordinator editing a concept,
 * or beheer). a is reloaded. Dutch reasons in err. Returns 0 or a code.
 */
NB_MUST_USE int nb_asg_update_checked(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                      const nb_asg *old, nb_asg *a, const char *detail,
                                      int *transition, nb_err *err);

/* The newest consent among rows[0..n) of org that covers its current terms in a, or NULL. */
const nb_consent_row *nb_asg_consent_covering(const nb_consent_row *rows, size_t n, const nb_asg *a,
                                              int64_t org);

/* The network's acceptance of a regional assignment among rows[0..n), or NULL. */
const nb_consent_row *nb_asg_consent_network(const nb_consent_row *rows, size_t n);

/*
 * Records a consent of org (0: the network) on a's current terms by
 * actor/who (who may be NULL), with note (NULL = ""), and audits it
 * ("instemming" on the opdracht, the consent as JSON). out (optional) gets
 * the stored row. NB_EINVAL when org is not a requester.
 */
NB_MUST_USE int nb_asg_consent_record(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                      const nb_asg *a, int64_t org, nb_consent_basis basis,
                                      const char *note, nb_consent_row *out, nb_err *err);

/*
 * The consent a write by who implies, unless a is final: a coordinator whose
 * organisation is a requester of a non-regional a consents for it (wijze
 * aanvrager) when no consent covers its terms yet; beheer accepting a
 * regional a (geaccepteerd or later) records the network's acceptance with
 * the configured allocation key. Returns 0 or a negative code.
 */
NB_MUST_USE int nb_asg_consent_after_write(nb_store *st, const nb_actor *actor,
                                           const nb_principal *who, const nb_asg *a, nb_err *err);

/*
 * A coordinator of organisation org consents to its part of assignment a
 * (loaded by the caller) with note: NB_EFORBIDDEN unless who is a
 * coordinator of org; NB_ECONFLICT when a is final, regional or org is no
 * requester (Dutch reason in err). Nothing is recorded when a consent
 * already covers org's terms. Returns 0 or a negative code.
 */
NB_MUST_USE int nb_asg_consent_agree(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                     const nb_asg *a, int64_t org, const char *note, nb_err *err);

/* The consent as the JSON the API shows and the audit log keeps (caller owns). */
json_t *nb_asg_consent_json(const nb_consent_row *c);

#endif
