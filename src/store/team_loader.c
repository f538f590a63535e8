/*
 * store/team_loader.c — the teaming input from the registry, allocations and
 * ledger; see team_loader.h for what is loaded and how availability is
 * computed.
 */
#include "store/team_loader_impl.h"
#include "util/sorted.h"

#include "core/workload.h"
#include "store/assignments.h"
#include "store/hours_ledger.h"
#include "store/team_profile.h"
#include "util/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The month arithmetic (nb_wl_month, nb_wl_month_days, nb_wl_overlap) is core/workload.h's,
 * shared with the work stock, so both spread a period over its months the same way. */

/* Which work a load takes when no ids are given, and how (nb_team_load_work). */
typedef struct nb_tl_opts {
    const char *const *statuses; /* NULL-terminated: the statuses listed when n == 0 */
    int32_t from_day;            /* > 0: the period starts no earlier than this day */
    const int64_t *keep;         /* lines kept (with 0 minutes) when fully staffed, sorted */
    size_t nkeep;
} nb_tl_opts;

static int nb_tl_load(nb_store *st, const int64_t *ids, size_t n, const nb_tl_opts *opt,
                      const nb_team_config *cfg, nb_team_load *out, nb_err *err);

int nb_team_load_input(nb_store *st, const int64_t *ids, size_t n, const nb_team_config *cfg,
                       nb_team_load *out, nb_err *err)
{
    static const char *const accepted[] = {"geaccepteerd", NULL};
    nb_tl_opts o = {accepted, 0, NULL, 0};
    return nb_tl_load(st, ids, n, &o, cfg, out, err);
}

const char *const nb_team_work_statuses[] = {"geaccepteerd", "bemenst", "in-uitvoering", NULL};

int nb_team_load_work(nb_store *st, int32_t from_day, const int64_t *keep_lines, size_t nkeep,
                      const nb_team_config *cfg, nb_team_load *out, nb_err *err)
{
    nb_tl_opts o = {nb_team_work_statuses, from_day, keep_lines, nkeep};
    return nb_tl_load(st, NULL, 0, &o, cfg, out, err);
}

/* An id and its index in an array, sorted by id for lookups. */
typedef struct nb_tl_key {
    int64_t id;
    size_t at;
} nb_tl_key;

static int nb_tl_cmp_key(const void *x, const void *y)
{
    const nb_tl_key *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

/* The index stored with id in keys[0..n) (sorted by id), or -1. */
static long nb_tl_key_find(const nb_tl_key *keys, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (keys[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && keys[lo].id == id ? (long)keys[lo].at : -1;
}

/* Every competency's name by id (keys[i].at indexes names). */
typedef struct nb_tl_names {
    nb_tl_key *keys;
    char **names;
    size_t n;
} nb_tl_names;

static void nb_tl_names_free(nb_tl_names *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->names[i]);
    free(c->names);
    free(c->keys);
    memset(c, 0, sizeof *c);
}

/* Loads every competency's name into *c (ordered by id; freed with
 * nb_tl_names_free, also after a failure). 0, NB_ENOMEM or the store's code. */
/* GCC 12 -fanalyzer: "leak of strdup" is a false positive; the copy is stored in
 * c->names, which nb_tl_names_free frees (seen since the file was split). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int nb_tl_comp_names(nb_store *st, nb_tl_names *c, nb_err *err)
{
    static const char sql[] = "SELECT id, name FROM competencies ORDER BY id";
    nb_db_stmt *s = nb_store_stmt(st, sql, err);
    if (s == NULL)
        return NB_EDB;
    size_t room = 0;
    int r, rc = 0;
    while (rc == 0 && (r = nb_store_step(st, s)) == NB_DB_ROW) {
        if (c->n == room) {
            size_t nr = room ? room * 2 : 256;
            nb_tl_key *k = realloc(c->keys, nr * sizeof *k);
            if (k != NULL)
                c->keys = k;
            char **nm = k ? realloc(c->names, nr * sizeof *nm) : NULL;
            if (nm == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            c->names = nm;
            room = nr;
        }
        if ((c->names[c->n] = strdup(nb_store_col_text(s, 1))) == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            break;
        }
        c->keys[c->n] = (nb_tl_key){nb_db_col_int(s, 0), c->n};
        c->n++;
    }
    if (rc == 0 && r != NB_DB_DONE)
        rc = nb_store_fail(st, err, "competencies");
    nb_db_reset(s);
    return rc;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static int nb_tl_load(nb_store *st, const int64_t *ids, size_t n, const nb_tl_opts *opt,
                      const nb_team_config *cfg, nb_team_load *out, nb_err *err)
{
    int rc = 0;
    nb_tl_ctx c;
    nb_asg *a = NULL;
    nb_tl_key *bylines = NULL;
    nb_tl_names comps = {NULL, NULL, 0};
    int64_t *planned = NULL;
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    c.lines.size = sizeof(nb_tl_line);
    c.reqs.size = sizeof(int64_t);
    c.people.size = sizeof(nb_tl_person);
    c.names.size = 1;
    c.skills.size = sizeof(nb_team_skill);
    c.wishes.size = sizeof(int64_t);
    c.asg_ids.size = sizeof(int64_t);
    c.chg_orgs.size = sizeof(int64_t);
    c.chg_weights.size = sizeof(int64_t);
    c.profiles.size = sizeof(nb_month_weight);
    c.err = err;
    {
        nb_key_member mem[NB_HOURS_MAX_PARTS];
        nb_key_kind key = NB_KEY_INWONERS;
        c.reg_rc = nb_hours_ledger_members(st, mem, &c.nreg, &key, &c.reg_err);
        if (c.reg_rc == 0 && c.nreg > 0)
            c.reg_rc = nb_key_weights(key, mem, c.nreg, c.reg_weights, &c.reg_err);
        for (size_t i = 0; i < c.nreg; i++)
            c.reg_orgs[i] = mem[i].org_id;
        if (c.reg_rc == 0 && c.nreg == 0)
            c.reg_rc = nb_err_set(&c.reg_err, NB_EINVAL,
                                  "een regionale opdracht wordt over de gemeenten verdeeld, maar "
                                  "het netwerk heeft geen gemeenten");
    }
    nb_vec pasg = {NULL, 0, 0, sizeof(int64_t)};
    nb_vec orgs = {NULL, 0, 0, sizeof(nb_team_org)};
    nb_vec onames = {NULL, 0, 0, sizeof(char *)};

    /* Assignments and their lines. */
    if (n > 0) {
        if ((a = malloc(sizeof *a)) == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        for (size_t i = 0; i < n; i++) {
            int dup = 0;
            for (size_t k = 0; k < i; k++)
                dup |= ids[k] == ids[i];
            if (dup)
                continue;
            if ((rc = nb_asg_get(st, ids[i], a, err)) != 0 || (rc = nb_tl_add_asg(&c, a)) != 0)
                goto cleanup;
        }
    } else {
        /* the whole work stock: three queries per status, not three per assignment */
        for (size_t k = 0; opt->statuses[k] != NULL; k++)
            if ((rc = nb_asg_each_with_status(st, opt->statuses[k], nb_tl_add_asg, &c, err)) != 0)
                goto cleanup;
    }
    int32_t ps = INT32_MAX, pe = INT32_MIN;
    nb_tl_line *tl = c.lines.data;
    for (size_t j = 0; j < c.lines.n; j++) {
        if (tl[j].start_day < ps)
            ps = tl[j].start_day;
        if (tl[j].end_day > pe)
            pe = tl[j].end_day;
    }
    if (opt->from_day > 0 && ps < opt->from_day)
        ps = opt->from_day < pe ? opt->from_day : pe; /* what is left of the work: from that day */
    if (c.lines.n > 0) {
        nb_date_format(ps, out->period_start);
        nb_date_format(pe, out->period_end);
    } else {
        ps = pe = 0;
    }
    /* Month buckets: every calendar month of the period (one: the one window). */
    int32_t m0 = c.lines.n > 0 ? nb_wl_month(ps) : 0;
    size_t T = c.lines.n > 0 ? (size_t)(nb_wl_month(pe) - m0) + 1 : 1;
    if (T > 240 || !cfg->month_buckets)
        T = 1; /* beyond the engine's limit: one window */
    out->first_month = m0;

    /* Minutes already staffed per line: open allocations, and what ended ones posted. */
    {
        static const char sql[] =
            "SELECT line_id, SUM(CASE WHEN status = 'beeindigd' THEN minutes_posted "
            "ELSE minutes END) FROM allocations GROUP BY line_id";
        nb_db_stmt *s = nb_store_stmt(st, sql, err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        /* the lines by id, to find each allocation's line without a scan */
        bylines = malloc((c.lines.n ? c.lines.n : 1) * sizeof *bylines);
        if (bylines == NULL) {
            nb_db_reset(s);
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        for (size_t j = 0; j < c.lines.n; j++)
            bylines[j] = (nb_tl_key){tl[j].line.id, j};
        qsort(bylines, c.lines.n, sizeof *bylines, nb_tl_cmp_key);
        int r;
        while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
            int64_t line_id = nb_db_col_int(s, 0), got = nb_db_col_int(s, 1);
            /* line ids are unique in c.lines */
            long j = nb_tl_key_find(bylines, c.lines.n, line_id);
            if (j >= 0)
                tl[j].line.minutes -= got;
        }
        if (r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "allocations");
        nb_db_reset(s);
        if (rc != 0)
            goto cleanup;
    }

    /* People (ordered by id), their skills and wishes: three queries. */
    if ((rc = nb_tl_load_people(st, &c, err)) != 0)
        goto cleanup;
    nb_tl_person *pp = c.people.data;
    planned = calloc(c.people.n ? c.people.n : 1, sizeof *planned);
    if (T > 1)
        out->month_available =
            calloc(c.people.n ? c.people.n * T : 1, sizeof *out->month_available);
    if (planned == NULL || (T > 1 && out->month_available == NULL)) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }

    /* Open allocations: continuity and minutes already planned in the period. */
    {
        static const char sql[] =
            "SELECT al.person_id, al.assignment_id, al.minutes - al.minutes_posted, "
            "a.start_date, a.end_date FROM allocations al "
            "JOIN assignments a ON a.id = al.assignment_id "
            "WHERE al.status IN ('concept', 'bevestigd') ORDER BY al.person_id, al.assignment_id";
        nb_db_stmt *s = nb_store_stmt(st, sql, err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        int r;
        long last_p = -1;
        int64_t last_a = 0;
        while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
            long pi = nb_tl_person_index(pp, c.people.n, nb_db_col_int(s, 0));
            if (pi < 0)
                continue;
            int64_t asg = nb_db_col_int(s, 1), rest = nb_db_col_int(s, 2);
            int32_t as = 0, ae = 0;
            if (nb_date_parse(nb_store_col_text(s, 3), &as) != 0 ||
                nb_date_parse(nb_store_col_text(s, 4), &ae) != 0) {
                rc = nb_err_set(err, NB_EDB, "allocations: assignment %lld has an invalid date",
                                (long long)asg);
                break;
            }
            if (pi != last_p) {
                pp[pi].asg_off = pasg.n;
                last_p = pi;
                last_a = 0;
            }
            if (asg != last_a) {
                int64_t *slot = nb_vec_push(&pasg);
                if (slot == NULL) {
                    rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                    break;
                }
                *slot = asg;
                pp[pi].p.nassignments++;
                last_a = asg;
            }
            int64_t days = (int64_t)(ae - as) + 1, ov = nb_wl_overlap(as, ae, ps, pe);
            if (rest > 0 && days > 0 && c.lines.n > 0)
                planned[pi] += rest * ov / days;
            for (size_t t = 0; T > 1 && rest > 0 && days > 0 && t < T; t++) {
                int32_t f, l;
                nb_wl_month_days(m0 + (int32_t)t, &f, &l);
                int32_t lo = f > ps ? f : ps, hi = l < pe ? l : pe;
                /* planned in the month: pro rata, kept as a negative availability */
                out->month_available[(size_t)pi * T + t] -=
                    rest * nb_wl_overlap(as, ae, lo, hi) / days;
            }
        }
        if (rc == 0 && r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "allocations");
        nb_db_reset(s);
        if (rc != 0)
            goto cleanup;
    }
    for (size_t i = 0; i < c.people.n; i++) {
        int32_t last = pp[i].exit_day > 0 && pp[i].exit_day - 1 < pe ? pp[i].exit_day - 1 : pe;
        int64_t days = c.lines.n > 0 ? nb_wl_overlap(ps, last, ps, pe) : 0;
        int64_t avail = pp[i].network_minutes_week * days / 7 - planned[i];
        pp[i].p.available_minutes = avail > 0 ? avail : 0;
        /* per month: the days of the month in the period before the exit date */
        for (size_t t = 0; T > 1 && t < T; t++) {
            int32_t f, l;
            nb_wl_month_days(m0 + (int32_t)t, &f, &l);
            int32_t lo = f > ps ? f : ps, hi = l < last ? l : last;
            int64_t *ma = &out->month_available[i * T + t];
            *ma += pp[i].network_minutes_week * nb_wl_overlap(lo, hi, lo, hi) / 7;
            if (*ma < 0)
                *ma = 0;
        }
    }

    /* Ledger balances of the organisations. */
    {
        static const char sql[] =
            "SELECT la.organisation_id, la.credits_posted + la.credits_pending - "
            "la.debits_posted - la.debits_pending, o.name FROM ledger_accounts la "
            "JOIN organisations o ON o.id = la.organisation_id WHERE la.kind = 'organisatie'";
        nb_db_stmt *s = nb_store_stmt(st, sql, err);
        if (s == NULL) {
            rc = NB_EDB;
            goto cleanup;
        }
        int r;
        while ((r = nb_store_step(st, s)) == NB_DB_ROW) {
            nb_team_org *o = nb_vec_push(&orgs);
            if (o == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
            o->organisation_id = nb_db_col_int(s, 0);
            o->balance_minutes = nb_db_col_int(s, 1);
            char **nm = nb_vec_push(&onames);
            if (nm == NULL || (*nm = strdup(nb_store_col_text(s, 2))) == NULL) {
                rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
                break;
            }
        }
        if (rc == 0 && r != NB_DB_DONE)
            rc = nb_store_fail(st, err, "ledger accounts");
        nb_db_reset(s);
        if (rc != 0)
            goto cleanup;
    }

    /* Final arrays for the engine: lines with something left, with names. */
    size_t nl = 0;
    for (size_t j = 0; j < c.lines.n; j++) {
        if (tl[j].line.minutes <= 0 && nb_sorted_has_i64(opt->keep, opt->nkeep, tl[j].line.id))
            tl[j].line.minutes = 0; /* kept: fully staffed, but asked for */
        else if (tl[j].line.minutes <= 0)
            tl[j].line.minutes = -1; /* skipped */
        nl += tl[j].line.minutes >= 0;
    }
    out->lines = calloc(nl ? nl : 1, sizeof *out->lines);
    size_t nprof = 0;
    for (size_t j = 0; T > 1 && j < c.lines.n; j++)
        if (tl[j].line.minutes >= 0)
            nprof += (size_t)(nb_wl_month(tl[j].end_day) - nb_wl_month(tl[j].start_day)) + 1;
    out->month_profiles = calloc(nprof ? nprof : 1, sizeof *out->month_profiles);
    out->comp_names = calloc(nl ? nl : 1, sizeof *out->comp_names);
    out->ncomp_names = nl;
    out->people = calloc(c.people.n ? c.people.n : 1, sizeof *out->people);
    out->person_name_off = malloc((c.people.n ? c.people.n : 1) * sizeof *out->person_name_off);
    if (!out->lines || !out->comp_names || !out->people || !out->person_name_off ||
        !out->month_profiles) {
        rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
        goto cleanup;
    }
    /* The competencies' names: one query, not one per line. */
    if ((rc = nb_tl_comp_names(st, &comps, err)) != 0)
        goto cleanup;
    out->requesters = c.reqs.data;
    c.reqs.data = NULL;
    out->skills = c.skills.data;
    c.skills.data = NULL;
    out->wishes = c.wishes.data;
    c.wishes.data = NULL;
    out->person_asgs = pasg.data;
    pasg.data = NULL;
    out->orgs = orgs.data;
    orgs.data = NULL;
    out->org_names = onames.data;
    out->norg_names = onames.n;
    onames.data = NULL;
    onames.n = 0;
    for (size_t i = 0; i < out->norg_names; i++)
        out->orgs[i].name = out->org_names[i];
    out->charged = c.chg_orgs.data;
    c.chg_orgs.data = NULL;
    out->charge_weights = c.chg_weights.data;
    c.chg_weights.data = NULL;
    out->assignment_ids = c.asg_ids.data;
    out->nassignments = c.asg_ids.n;
    c.asg_ids.data = NULL;
    size_t k = 0, prof_off = 0;
    /* GCC 12 -fanalyzer: "dereference of NULL tl" is a false positive; c.lines.n > 0
     * implies c.lines.data (tl) is set (nb_vec_push), and tl is not NULL here. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-null-dereference"
#endif
    for (size_t j = 0; j < c.lines.n; j++) {
        if (tl[j].line.minutes < 0)
            continue;
        out->lines[k] = tl[j].line;
        out->lines[k].requesters = tl[j].line.nrequesters ? out->requesters + tl[j].req_off : NULL;
        out->lines[k].charged = tl[j].line.ncharged ? out->charged + tl[j].chg_off : NULL;
        out->lines[k].charge_weights =
            tl[j].line.ncharged ? out->charge_weights + tl[j].chg_off : NULL;
        long ci = nb_tl_key_find(comps.keys, comps.n, tl[j].line.competency_id);
        if (ci < 0) {
            rc = nb_err_set(err, NB_ENOTFOUND, "Competentie %lld bestaat niet.",
                            (long long)tl[j].line.competency_id);
            goto cleanup;
        }
        /* a found key means names is set; clang's analyzer cannot see that nb_store_fail
         * (another file) never returns 0 */
        /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
        if ((out->comp_names[k] = strdup(comps.names[ci])) == NULL) {
            rc = nb_err_set(err, NB_ENOMEM, "geen geheugen");
            goto cleanup;
        }
        out->lines[k].competency_name = out->comp_names[k];
        if (T > 1) {
            /* the line's own profile, else the days of its period in each month */
            int32_t ma = nb_wl_month(tl[j].start_day), mb = nb_wl_month(tl[j].end_day);
            out->lines[k].month_first = ma - m0;
            out->lines[k].month_last = mb - m0;
            out->lines[k].month_profile = out->month_profiles + prof_off;
            const nb_month_weight *own =
                tl[j].prof_n ? (const nb_month_weight *)c.profiles.data + tl[j].prof_off : NULL;
            prof_off += nb_team_profile_weights(own, tl[j].prof_n, tl[j].start_day, tl[j].end_day,
                                                out->month_profiles + prof_off);
        }
        k++;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
    for (size_t i = 0; i < c.people.n; i++) {
        out->people[i] = pp[i].p;
        out->people[i].skills = pp[i].p.nskills ? out->skills + pp[i].skill_off : NULL;
        out->people[i].wishes = pp[i].p.nwishes ? out->wishes + pp[i].wish_off : NULL;
        out->people[i].assignments = pp[i].p.nassignments ? out->person_asgs + pp[i].asg_off : NULL;
        out->person_name_off[i] = pp[i].name_off;
    }
    out->person_name_text = c.names.data;
    c.names.data = NULL;
    out->in.people = out->people;
    out->in.npeople = c.people.n;
    out->in.orgs = out->orgs;
    out->in.norgs = orgs.n;
    out->in.lines = out->lines;
    out->in.nlines = nl;
    out->in.config = *cfg;
    out->in.nmonths = T > 1 ? T : 0;
    out->nmonths = T;
    for (size_t i = 0; T > 1 && i < c.people.n; i++)
        out->people[i].month_available = out->month_available + i * T;
cleanup:
    free(a);
    free(bylines);
    nb_tl_names_free(&comps);
    free(planned);
    free(c.lines.data);
    free(c.reqs.data);
    free(c.people.data);
    free(c.names.data);
    free(c.skills.data);
    free(c.wishes.data);
    free(c.asg_ids.data);
    free(pasg.data);
    free(orgs.data);
    for (size_t i = 0; i < onames.n; i++)
        free(((char **)onames.data)[i]);
    free(onames.data);
    free(c.chg_orgs.data);
    free(c.chg_weights.data);
    free(c.profiles.data);
    return rc;
}

void nb_team_load_free(nb_team_load *l)
{
    if (l == NULL)
        return;
    for (size_t j = 0; j < l->ncomp_names && l->comp_names; j++)
        free(l->comp_names[j]);
    free(l->comp_names);
    free(l->assignment_ids);
    free(l->people);
    free(l->person_name_text);
    free(l->person_name_off);
    free(l->skills);
    free(l->wishes);
    free(l->person_asgs);
    free(l->orgs);
    free(l->lines);
    free(l->requesters);
    free(l->charged);
    free(l->charge_weights);
    free(l->month_available);
    free(l->month_profiles);
    for (size_t i = 0; i < l->norg_names && l->org_names; i++)
        free(l->org_names[i]);
    free(l->org_names);
    memset(l, 0, sizeof *l);
}

const char *nb_team_load_person_name(const nb_team_load *l, int64_t person_id)
{
    size_t lo = 0, hi = l->in.npeople;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->people[mid].id < person_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->in.npeople && l->people[lo].id == person_id
               ? l->person_name_text + l->person_name_off[lo]
               : "";
}
