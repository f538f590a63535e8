/*
 * store/bundles.c — bundling proposals: read, decide and merge, and the
 * status changes and audit the refresh shares; see bundles.h. The refresh
 * (detection over the open assignments and storing the new proposals) is
 * bundles_refresh.c.
 */
#include "store/bundles.h"
#include "store/bundles_int.h"

#include "store/asg_rules.h"
#include "store/ledger_store.h"
#include "util/assert.h"
#include "util/date.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nb_bundle_coord_pct(nb_store *st, int64_t *pct, nb_err *err)
{
    char buf[32];
    int rc = nb_store_setting_get(st, NB_SETTING_BUNDLE_COORD_PCT, buf, sizeof buf, err);
    if (rc == NB_ENOTFOUND) {
        *pct = NB_BUNDLE_COORD_PCT_DEFAULT;
        return 0;
    }
    if (rc != 0)
        return rc;
    char *end = NULL;
    long long v = strtoll(buf, &end, 10);
    if (end == buf || *end != '\0' || v < 0 || v > 100)
        return nb_err_set(err, NB_EDB, "setting %s holds '%s', not 0..100",
                          NB_SETTING_BUNDLE_COORD_PCT, buf);
    *pct = v;
    return 0;
}

/* ---- reading ------------------------------------------------------------ */

#define NB_BUNDLE_COLUMNS                                                                \
    "p.id, p.status, p.score, p.text_score, p.competency_score, p.period_score, p.why, " \
    "p.separate_minutes, p.bundled_minutes, p.coordination_pct, p.hour_rate_cents, "     \
    "p.merged_assignment_id, p.created_by, p.created_at, p.decided_at, p.revision"

static void nb_bundle_decode(nb_db_stmt *s, void *out)
{
    nb_bundle_row *b = out;
    memset(b, 0, sizeof *b);
    b->id = nb_db_col_int(s, 0);
    nb_store_col_copy(s, 1, b->status, sizeof b->status);
    b->score = nb_db_col_double(s, 2);
    b->text_score = nb_db_col_double(s, 3);
    b->competency_score = nb_db_col_double(s, 4);
    b->period_score = nb_db_col_double(s, 5);
    nb_store_col_copy(s, 6, b->why, sizeof b->why);
    b->separate_minutes = nb_db_col_int(s, 7);
    b->bundled_minutes = nb_db_col_int(s, 8);
    b->coordination_pct = nb_db_col_int(s, 9);
    b->hour_rate_cents = nb_db_col_int(s, 10);
    b->merged_assignment_id = nb_db_col_int(s, 11);
    nb_store_col_copy(s, 12, b->created_by, sizeof b->created_by);
    nb_store_col_copy(s, 13, b->created_at, sizeof b->created_at);
    nb_store_col_copy(s, 14, b->decided_at, sizeof b->decided_at);
    b->revision = nb_db_col_int(s, 15);
}

static int nb_bundle_members_load(nb_store *st, nb_bundle_row *b, nb_err *err)
{
    static const char sql[] =
        "SELECT m.assignment_id, m.organisation_id, m.minutes, m.decision, m.note, "
        "coalesce(m.decided_by, ''), coalesce(m.decided_role, ''), "
        "coalesce(m.decided_person_id, 0), coalesce(m.decided_at, ''), a.title, o.name, "
        "a.client_person_id, a.status FROM bundle_members m JOIN assignments a ON a.id = "
        "m.assignment_id JOIN organisations o ON o.id = m.organisation_id WHERE m.proposal_id "
        "= $1 ORDER BY m.assignment_id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, b->id);
    int r;
    b->nmembers = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (b->nmembers == NB_BUNDLE_MAX_MEMBERS)
            continue;
        nb_bundle_member_row *m = &b->members[b->nmembers++];
        m->assignment_id = nb_db_col_int(s, 0);
        m->organisation_id = nb_db_col_int(s, 1);
        m->minutes = nb_db_col_int(s, 2);
        nb_store_col_copy(s, 3, m->decision, sizeof m->decision);
        nb_store_col_copy(s, 4, m->note, sizeof m->note);
        nb_store_col_copy(s, 5, m->decided_by, sizeof m->decided_by);
        nb_store_col_copy(s, 6, m->decided_role, sizeof m->decided_role);
        m->decided_person_id = nb_db_col_int(s, 7);
        nb_store_col_copy(s, 8, m->decided_at, sizeof m->decided_at);
        nb_store_col_copy(s, 9, m->title, sizeof m->title);
        nb_store_col_copy(s, 10, m->organisation_name, sizeof m->organisation_name);
        m->client_person_id = nb_db_col_int(s, 11);
        nb_store_col_copy(s, 12, m->assignment_status, sizeof m->assignment_status);
    }
    int rc = r == NB_DB_DONE ? 0 : nb_store_fail(st, err, "bundle members");
    nb_db_reset(s);
    return rc;
}

/*
 * The reason of vervallen proposal b into b->reason: its expiry's audit line
 * (nb_bundle_expire writes it in the same transaction as the status; the
 * audit log is append-only), so the reason is kept in one place and the
 * expiries from before it was shown have theirs too.
 */
static int nb_bundle_reason_load(nb_store *st, nb_bundle_row *b, nb_err *err)
{
    static const char sql[] =
        "SELECT detail FROM audit_log WHERE entity = 'bundelvoorstel' AND entity_id = $1 AND "
        "action = 'vervallen' ORDER BY id DESC LIMIT 1";
    b->reason[0] = '\0';
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, b->id);
    int rc = 0, r = nb_store_step(st, s);
    if (r == NB_DB_ROW) {
        json_t *j = json_loads(nb_store_col_text(s, 0), 0, NULL);
        const char *why = json_string_value(json_object_get(j, "reden"));
        if (why != NULL)
            snprintf(b->reason, sizeof b->reason, "%s", why);
        else
            rc = nb_err_set(err, NB_EDB, "the expiry of bundle proposal %lld names no reason",
                            (long long)b->id);
        json_decref(j);
    } else if (r != NB_DB_DONE) {
        rc = nb_store_fail(st, err, "bundle expiry reason");
    }
    nb_db_reset(s);
    return rc;
}

int nb_bundle_get(nb_store *st, int64_t id, nb_bundle_row *out, nb_err *err)
{
    static const char sql[] =
        "SELECT " NB_BUNDLE_COLUMNS " FROM bundle_proposals p WHERE p.id = $1";
    int rc = nb_store_get_one(st, sql, id, nb_bundle_decode, out, "Bundelvoorstel", err);
    if (rc == 0)
        rc = nb_bundle_members_load(st, out, err);
    if (rc == 0 && strcmp(out->status, "vervallen") == 0)
        rc = nb_bundle_reason_load(st, out, err);
    return rc;
}

const nb_sort_field nb_bundle_sort_fields[] = {
    {"id", "p.id"}, {"status", "p.status"}, {"score", "p.score"}, {"aangemaakt", "p.created_at"},
    {NULL, NULL},
};

static void nb_bundle_bind_filter(nb_store *st, nb_db_stmt *s, const void *filter)
{
    const nb_bundle_filter *f = filter;
    nb_store_bind_text(st, s, 1, f->status);
    nb_store_bind_opt_id(st, s, 2, f->organisation_id);
}

typedef struct nb_bundle_ids {
    int64_t *ids;
    size_t n, cap;
} nb_bundle_ids;

static int nb_bundle_collect(void *ctx, nb_db_stmt *row)
{
    nb_bundle_ids *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        int64_t *v = realloc(c->ids, cap * sizeof *v);
        if (v == NULL)
            return NB_ENOMEM;
        c->ids = v;
        c->cap = cap;
    }
    c->ids[c->n++] = nb_db_col_int(row, 0);
    return 0;
}

int nb_bundle_list(nb_store *st, const nb_bundle_filter *filter, const nb_sort *sort,
                   int64_t offset, int64_t limit, int (*fn)(void *ctx, const nb_bundle_row *b),
                   void *ctx, int64_t *total, nb_err *err)
{
#define NB_BUNDLE_WHERE                                                                       \
    " FROM bundle_proposals p WHERE (p.status = $1 OR $1 IS NULL) AND (EXISTS "               \
    "(SELECT 1 FROM bundle_members m WHERE m.proposal_id = p.id AND m.organisation_id = $2) " \
    "OR $2 IS NULL)"
    static const char count_sql[] = "SELECT count(*)" NB_BUNDLE_WHERE;
    static const char list_sql[] =
        "SELECT p.id" NB_BUNDLE_WHERE " ORDER BY p.status <> 'voorgesteld', p.score DESC, p.id "
        "LIMIT $3 OFFSET $4";
    static const nb_store_order order = {"SELECT p.id" NB_BUNDLE_WHERE, nb_bundle_sort_fields,
                                         "p.id"};
#undef NB_BUNDLE_WHERE
    nb_bundle_filter none = {NULL, 0};
    nb_bundle_ids c = {NULL, 0, 0};
    nb_bundle_row *row = NULL;
    int rc = nb_store_page_sorted(st, count_sql, list_sql, &order, sort, nb_bundle_bind_filter,
                                  filter ? filter : &none, 3, offset, limit, nb_bundle_collect, &c,
                                  total, "bundle proposals", err);
    if (rc == NB_ENOMEM)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    if (rc == 0 && c.n > 0 && (row = malloc(sizeof *row)) == NULL)
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && row != NULL && i < c.n; i++) {
        rc = nb_bundle_get(st, c.ids[i], row, err);
        if (rc == 0)
            rc = fn(ctx, row);
    }
    free(row);
    free(c.ids);
    return rc;
}

int nb_bundle_may_decide(const nb_principal *who, const nb_bundle_row *b, int64_t org)
{
    for (size_t i = 0; i < b->nmembers; i++) {
        const nb_bundle_member_row *m = &b->members[i];
        if (m->organisation_id != org)
            continue;
        if (who->role == NB_ROLE_COORDINATOR && who->organisation_id == org)
            return 1;
        return who->role == NB_ROLE_MEDEWERKER && who->person_id > 0 &&
               who->person_id == m->client_person_id;
    }
    return 0;
}

/* ---- status and audit (also bundles_refresh.c; contracts in bundles_int.h) -- */

int nb_bundle_set_status(nb_store *st, int64_t id, const char *status, int64_t merged, nb_err *err)
{
    static const char sql[] =
        "UPDATE bundle_proposals SET status = $2, merged_assignment_id = $3, decided_at = $4, "
        "revision = revision + 1 WHERE id = $1";
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_text(st, s, 2, status);
    nb_store_bind_opt_id(st, s, 3, merged);
    nb_store_bind_text(st, s, 4, now);
    return nb_store_exec_stmt(st, s, err);
}

int nb_bundle_audit(nb_store *st, const nb_actor *actor, const char *action, int64_t id,
                    json_t *detail, nb_err *err)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    int rc = nb_store_audit(st, actor, action, "bundelvoorstel", id, text, err);
    free(text);
    return rc;
}

/* ---- deciding and merging ----------------------------------------------- */

static int nb_bundle_member_decide(nb_store *st, const nb_actor *actor, const nb_principal *who,
                                   int64_t id, int64_t org, int agree, const char *note,
                                   nb_err *err)
{
    static const char sql[] =
        "UPDATE bundle_members SET decision = $3, note = $4, decided_by = $5, decided_role = $6, "
        "decided_person_id = $7, decided_at = $8 WHERE proposal_id = $1 AND organisation_id = $2 "
        "AND decision = 'open'";
    char now[21];
    nb_time_now_iso(now);
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    nb_store_bind_int(st, s, 2, org);
    nb_store_bind_text(st, s, 3, agree ? "akkoord" : "afgewezen");
    nb_store_bind_text(st, s, 4, note ? note : "");
    nb_store_bind_text(st, s, 5, actor->name ? actor->name : "");
    nb_store_bind_text(st, s, 6, actor->role ? actor->role : "");
    nb_store_bind_opt_id(st, s, 7, who ? who->person_id : 0);
    nb_store_bind_text(st, s, 8, now);
    int rc = nb_store_exec_stmt(st, s, err);
    if (rc != 0)
        return rc;
    return nb_bundle_audit(st, actor, agree ? "instemming" : "afwijzing", id,
                           json_pack("{s:I, s:s, s:s}", "organisatieId", (json_int_t)org, "besluit",
                                     agree ? "akkoord" : "afgewezen", "notitie", note ? note : ""),
                           err);
}

static int64_t nb_bundle_gcd(int64_t a, int64_t b)
{
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Appends text to dst (size cap bytes), cutting at a UTF-8 boundary. */
static void nb_bundle_append(char *dst, size_t cap, const char *text)
{
    size_t len = strlen(dst), add = strlen(text);
    if (len + add + 1 > cap) {
        add = cap - len - 1;
        while (add > 0 && ((unsigned char)text[add] & 0xC0) == 0x80)
            add--;
    }
    memcpy(dst + len, text, add);
    dst[len + add] = '\0';
}

/* Builds and inserts the bundled assignment of b's members, records consents, merges. */
static int nb_bundle_merge(nb_store *st, const nb_actor *actor, const nb_bundle_row *b,
                           int64_t *merged, nb_err *err)
{
    int rc = 0;
    nb_asg *orig = calloc(b->nmembers, sizeof *orig);
    nb_asg *a = calloc(1, sizeof *a);
    if (orig == NULL || a == NULL) {
        rc = nb_err_set(err, NB_ENOMEM, "out of memory");
        goto cleanup;
    }
    nb_bundle_doc docs[NB_BUNDLE_MAX_MEMBERS];
    int64_t gcd = 0;
    for (size_t i = 0; i < b->nmembers; i++) {
        if ((rc = nb_asg_get(st, b->members[i].assignment_id, &orig[i], err)) != 0)
            goto cleanup;
        docs[i] = (nb_bundle_doc){orig[i].id,
                                  b->members[i].organisation_id,
                                  orig[i].title,
                                  orig[i].description,
                                  0,
                                  0,
                                  orig[i].lines,
                                  orig[i].nlines};
        gcd = nb_bundle_gcd(b->members[i].minutes > 0 ? b->members[i].minutes : 1, gcd);
    }
    const nb_asg *first = &orig[0];
    snprintf(a->title, sizeof a->title, "%s", first->title);
    snprintf(a->description, sizeof a->description,
             "Gebundeld uit bundelvoorstel %lld:", (long long)b->id);
    snprintf(a->sponsor, sizeof a->sponsor, "%s", first->sponsor);
    snprintf(a->work_type, sizeof a->work_type, "%s", first->work_type);
    a->kind = NB_ASSIGNMENT_MEERVOUDIG_LOKAAL;
    a->status = first->status;
    a->priority = first->priority;
    a->client_person_id = first->client_person_id;
    snprintf(a->start_date, sizeof a->start_date, "%s", first->start_date);
    snprintf(a->end_date, sizeof a->end_date, "%s", first->end_date);
    a->programme_id = first->programme_id; /* kept when every original is in it */
    for (size_t i = 0; i < b->nmembers; i++) {
        const nb_asg *o = &orig[i];
        char line[600];
        snprintf(line, sizeof line, "\n- opdracht %lld: %.400s (%.120s)", (long long)o->id,
                 o->title, b->members[i].organisation_name);
        nb_bundle_append(a->description, sizeof a->description, line);
        if (o->status < a->status)
            a->status = o->status; /* the least advanced of the originals */
        if (o->priority < a->priority)
            a->priority = o->priority; /* the most urgent */
        if (o->programme_id != a->programme_id)
            a->programme_id = 0; /* originals of different programmes: none */
        if (strcmp(o->start_date, a->start_date) < 0)
            snprintf(a->start_date, sizeof a->start_date, "%s", o->start_date);
        if (strcmp(o->end_date, a->end_date) > 0)
            snprintf(a->end_date, sizeof a->end_date, "%s", o->end_date);
        if (i > 0 && strstr(a->sponsor, o->sponsor) == NULL) {
            nb_bundle_append(a->sponsor, sizeof a->sponsor, "; ");
            nb_bundle_append(a->sponsor, sizeof a->sponsor, o->sponsor);
        }
        a->requesters[a->nrequesters++] = (nb_assignment_requester){
            b->members[i].organisation_id,
            (b->members[i].minutes > 0 ? b->members[i].minutes : 1) / gcd};
    }
    nb_bundle_saving saving;
    int64_t differ = 0;
    /* nb_bundle_decide expired the proposal (nb_bundle_expire, this rule over the same lines,
     * in this transaction) before any decision, so the profiles agree here */
    if (NB_NEVER(!nb_bundle_profiles_agree(docs, b->nmembers, &differ))) {
        rc = nb_err_set(err, NB_ECONFLICT,
                        "De regels voor competentie %lld hebben verschillende maandprofielen; "
                        "maak ze in de opdrachten gelijk (of laat ze weg) en bundel dan opnieuw.",
                        (long long)differ);
        goto cleanup;
    }
    rc = nb_bundle_merge_lines(docs, b->nmembers, b->coordination_pct, 0, a->lines,
                               NB_ASG_MAX_LINES, &a->nlines, &saving);
    if (rc != 0) {
        rc = nb_err_set(err, NB_ECONFLICT, "De gebundelde opdracht zou te veel regels krijgen.");
        goto cleanup;
    }
    for (size_t i = 0; i < a->nlines; i++) /* the profile into a's own arena (of orig's now) */
        if (nb_asg_line_set_profile(a, i, a->lines[i].profile, a->lines[i].nprofile) != 0) {
            rc = nb_err_set(err, NB_ECONFLICT,
                            "De maandprofielen van de gebundelde opdracht noemen samen meer dan "
                            "%d maanden.",
                            NB_ASG_PROFILE_ARENA);
            goto cleanup;
        }
    if ((rc = nb_asg_insert(st, a, err)) != 0)
        goto cleanup;
    *merged = a->id;
    json_t *from = json_array();
    for (size_t i = 0; i < b->nmembers; i++)
        json_array_append_new(from, json_integer(orig[i].id));
    char *detail = NULL;
    json_t *dj = json_pack("{s:I, s:o, s:I}", "bundelvoorstelId", (json_int_t)b->id,
                           "samengevoegdUit", from, "minuten", (json_int_t)saving.bundled_minutes);
    detail = dj ? json_dumps(dj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(dj);
    rc = nb_store_audit(st, actor, "create", "opdracht", a->id, detail, err);
    free(detail);
    if (rc != 0)
        goto cleanup;
    /* each municipality's consent on its share, as it gave it */
    for (size_t i = 0; rc == 0 && i < b->nmembers; i++) {
        const nb_bundle_member_row *m = &b->members[i];
        nb_actor by = {m->decided_by, m->decided_role, actor->remote};
        nb_principal who;
        memset(&who, 0, sizeof who);
        who.role = nb_role_parse(m->decided_role);
        who.person_id = m->decided_person_id;
        who.organisation_id = m->organisation_id;
        char note[NB_CONSENT_NOTE_MAX + 64];
        snprintf(note, sizeof note, "bundelvoorstel %lld: %.400s", (long long)b->id, m->note);
        rc = nb_asg_consent_record(st, &by, &who, a, m->organisation_id, NB_CONSENT_AGREED, note,
                                   NULL, err);
    }
    /* the originals: samengevoegd */
    for (size_t i = 0; rc == 0 && i < b->nmembers; i++) {
        if ((rc = nb_asg_set_status(st, orig[i].id, NB_ASSIGNMENT_SAMENGEVOEGD, err)) != 0)
            break;
        json_t *sj = json_pack(
            "{s:s, s:s, s:I, s:I}", "van", nb_assignment_status_name(orig[i].status), "naar",
            "samengevoegd", "bundelvoorstelId", (json_int_t)b->id, "opdrachtId", (json_int_t)a->id);
        char *text = sj ? json_dumps(sj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(sj);
        rc = nb_store_audit(st, actor, "status", "opdracht", orig[i].id, text, err);
        free(text);
    }
cleanup:
    free(orig);
    free(a);
    return rc;
}

int nb_bundle_decide(nb_store *st, const nb_actor *actor, const nb_principal *who, int64_t id,
                     int64_t org, int agree, const char *note, nb_bundle_row *out, nb_err *err)
{
    int rc = 0;
    nb_bundle_row *b = malloc(sizeof *b);
    if (b == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    if ((rc = nb_bundle_get(st, id, b, err)) != 0)
        goto cleanup;
    const nb_bundle_member_row *mine = NULL;
    for (size_t i = 0; i < b->nmembers; i++)
        if (b->members[i].organisation_id == org)
            mine = &b->members[i];
    if (mine == NULL) {
        rc = nb_err_set(err, NB_ENOTFOUND, "Organisatie %lld hoort niet bij bundelvoorstel %lld.",
                        (long long)org, (long long)id);
        goto cleanup;
    }
    if (!nb_bundle_may_decide(who, b, org)) {
        rc = nb_err_set(err, NB_EFORBIDDEN,
                        "Alleen een coördinator van deze gemeente of de ambtelijk opdrachtgever "
                        "van haar opdracht %lld beslist over dit bundelvoorstel.",
                        (long long)mine->assignment_id);
        goto cleanup;
    }
    if (strcmp(b->status, "voorgesteld") != 0) {
        rc = nb_err_set(err, NB_ECONFLICT,
                        "Bundelvoorstel %lld is al %s; er valt niets meer te beslissen.",
                        (long long)id, b->status);
        goto cleanup;
    }
    if (strcmp(mine->decision, "open") != 0) {
        rc = nb_err_set(err, NB_ECONFLICT,
                        "%s heeft al besloten over bundelvoorstel %lld (%s); een besluit is "
                        "definitief.",
                        mine->organisation_name, (long long)id, mine->decision);
        goto cleanup;
    }
    int64_t gone = 0;
    if ((rc = nb_bundle_expire(st, actor, id, &gone, err)) != 0)
        goto cleanup;
    if (gone > 0) {
        if ((rc = nb_bundle_get(st, id, b, err)) == 0)
            rc = nb_err_set(err, NB_ECONFLICT, "Bundelvoorstel %lld is vervallen: %s.",
                            (long long)id, b->reason);
        goto cleanup;
    }
    if ((rc = nb_bundle_member_decide(st, actor, who, id, org, agree, note, err)) != 0 ||
        (rc = nb_bundle_get(st, id, b, err)) != 0)
        goto cleanup;
    if (!agree) {
        rc = nb_bundle_set_status(st, id, "afgewezen", 0, err);
        if (rc == 0)
            rc = nb_bundle_audit(st, actor, "status", id,
                                 json_pack("{s:s, s:s, s:I}", "van", "voorgesteld", "naar",
                                           "afgewezen", "organisatieId", (json_int_t)org),
                                 err);
    } else {
        size_t agreed = 0;
        for (size_t i = 0; i < b->nmembers; i++)
            agreed += strcmp(b->members[i].decision, "akkoord") == 0;
        if (agreed == b->nmembers) {
            int64_t merged = 0;
            rc = nb_bundle_merge(st, actor, b, &merged, err);
            if (rc == 0)
                rc = nb_bundle_set_status(st, id, "samengevoegd", merged, err);
            if (rc == 0)
                rc = nb_bundle_audit(st, actor, "status", id,
                                     json_pack("{s:s, s:s, s:I}", "van", "voorgesteld", "naar",
                                               "samengevoegd", "opdrachtId", (json_int_t)merged),
                                     err);
        }
    }
    if (rc == 0)
        rc = nb_bundle_get(st, id, b, err);
cleanup:
    if (out != NULL && (rc == 0 || rc == NB_ECONFLICT))
        *out = *b;
    free(b);
    return rc;
}

int nb_bundle_actual_minutes(nb_store *st, int64_t id, int64_t *minutes, nb_err *err)
{
    static const char sql[] = "SELECT coalesce(sum(minutes), 0) FROM time_entries WHERE "
                              "assignment_id = $1 AND status = 'goedgekeurd'";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, id);
    int r = nb_store_step(st, s), rc = 0;
    if (r == NB_DB_ROW)
        *minutes = nb_db_col_int(s, 0);
    else
        rc = nb_store_fail(st, err, "actual minutes");
    nb_db_reset(s);
    return rc;
}

int nb_bundle_measured(nb_store *st, const nb_bundle_row *b, int *measured, int64_t *actual,
                       nb_err *err)
{
    *measured = 0;
    *actual = 0;
    if (b->merged_assignment_id <= 0)
        return 0;
    nb_asg *a = calloc(1, sizeof *a);
    if (a == NULL)
        return nb_err_set(err, NB_ENOMEM, "out of memory");
    int rc = nb_asg_get(st, b->merged_assignment_id, a, err);
    if (rc == 0 && a->status == NB_ASSIGNMENT_AFGEROND) {
        *measured = 1;
        rc = nb_bundle_actual_minutes(st, a->id, actual, err);
    }
    free(a);
    return rc;
}

int nb_bundle_of_assignment(nb_store *st, int64_t assignment_id, int64_t **ids, size_t *n,
                            nb_err *err)
{
    static const char sql[] =
        "SELECT id FROM bundle_proposals WHERE merged_assignment_id = $1 UNION SELECT proposal_id "
        "FROM bundle_members WHERE assignment_id = $1 ORDER BY 1";
    *ids = NULL;
    *n = 0;
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    nb_store_bind_int(st, s, 1, assignment_id);
    int r, rc = 0;
    size_t cap = 0;
    while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            int64_t *v = realloc(*ids, cap * sizeof *v);
            if (v == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "out of memory");
                break;
            }
            *ids = v;
        }
        (*ids)[(*n)++] = nb_db_col_int(s, 0);
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "bundles of an assignment");
    nb_db_reset(s);
    if (rc != 0) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}
