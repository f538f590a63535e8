/*
 * web/uren_grid.c — GET/POST /uren: the medewerker's week grid. Rows are the
 * assignments the person has a confirmed allocation on (and any assignment
 * with an entry that week), columns Monday..Sunday of an ISO week
 * (?week=2026-W48; days in Europe/Amsterdam). A day that can take hours (not
 * in the future, inside the assignment's period, no entry yet) has an input;
 * a day with an entry shows it read-only with its status (an entry is
 * immutable once recorded; a rejected one may be recorded again).
 *
 * POST records every filled cell through the path of POST
 * /api/v1/urenregistraties (store/entry_flow.h nb_entry_check_new, then
 * nb_entry_insert and the audit record), in the request's one transaction:
 * when any cell is wrong the page answers 422 with the error at each cell and
 * in the summary, and nothing is saved.
 */
#include "store/allocations.h"
#include "store/assignments.h"
#include "store/entry_flow.h"
#include "store/time_entries.h"
#include "util/date.h"
#include "web/format.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/uren.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NB_GRID_MAX_ROWS 64

typedef struct nb_grid_row {
    int64_t asg_id;
    char title[NB_ASG_TITLE_MAX * 4 + 1];
    int32_t from, to;   /* the assignment's period */
    int64_t minutes[7]; /* ingediend + goedgekeurd entries per day */
    char status[7][12]; /* the status shown ("" = none) */
    int rejected[7];    /* an afgekeurd entry that day */
} nb_grid_row;

typedef struct nb_grid {
    nb_web_req *w;
    int32_t monday;
    int32_t today;
    nb_grid_row rows[NB_GRID_MAX_ROWS];
    size_t nrows;
    nb_asg *scratch;
} nb_grid;

/* ---- ISO weeks ------------------------------------------------------------- */

int32_t nb_web_week_monday(int32_t day)
{
    return day - (nb_date_weekday(day) - 1);
}

void nb_web_week_name(int32_t day, char out[16])
{
    int32_t thursday = nb_web_week_monday(day) + 3;
    int y, m, d;
    nb_date_to_ymd(thursday, &y, &m, &d);
    int week = (thursday - nb_date_from_ymd(y, 1, 1)) / 7 + 1;
    snprintf(out, 16, "%04d-W%02d", y % 10000, week % 100);
}

int nb_web_week_parse(const char *s, int32_t *monday)
{
    int y = 0, wk = 0;
    if (s == NULL || strlen(s) != 8 || s[4] != '-' || s[5] != 'W')
        return NB_EINVAL;
    for (int i = 0; i < 8; i++)
        if (i != 4 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return NB_EINVAL;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    wk = (s[6] - '0') * 10 + (s[7] - '0');
    if (y < 1970 || wk < 1 || wk > 53)
        return NB_EINVAL;
    int32_t mon = nb_web_week_monday(nb_date_from_ymd(y, 1, 4)) + (wk - 1) * 7;
    char back[16];
    nb_web_week_name(mon, back);
    if (strcmp(back, s) != 0) /* week 53 of a year that has 52 */
        return NB_EINVAL;
    *monday = mon;
    return 0;
}

/* "maandag 23 november" of day. */
static void nb_grid_day_label(int32_t day, char out[64])
{
    static const char *const names[] = {"maandag", "dinsdag",  "woensdag", "donderdag",
                                        "vrijdag", "zaterdag", "zondag"};
    char date[NB_WEB_FMT_LEN];
    nb_web_fmt_day(day, date);
    /* drop the year: "23 november 2026" -> "23 november" */
    char *sp = strrchr(date, ' ');
    if (sp)
        *sp = '\0';
    snprintf(out, 64, "%s %s", names[nb_date_weekday(day) - 1], date);
}

/* ---- Hours as typed ------------------------------------------------------ */

int nb_web_hours_parse(const char *s, int64_t *minutes)
{
    int64_t h = 0, frac = 0;
    int digits = 0, fdigits = 0;
    const char *p = s;
    while (*p == ' ')
        p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (++digits > 2)
            return NB_EINVAL;
        h = h * 10 + (*p - '0');
    }
    if (*p == ':') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (++fdigits > 2)
                return NB_EINVAL;
            frac = frac * 10 + (*p - '0');
        }
        if (fdigits != 2 || frac >= 60 || digits == 0)
            return NB_EINVAL;
        *minutes = h * 60 + frac;
    } else {
        if (*p == ',' || *p == '.') {
            p++;
            for (; *p >= '0' && *p <= '9'; p++) {
                if (++fdigits > 2)
                    return NB_EINVAL;
                frac = frac * 10 + (*p - '0');
            }
            if (fdigits == 0)
                return NB_EINVAL;
            if (fdigits == 1)
                frac *= 10;
        }
        if (digits == 0 && fdigits == 0)
            return NB_EINVAL;
        *minutes = h * 60 + (frac * 60 + 50) / 100; /* hundredths of an hour, rounded */
    }
    while (*p == ' ')
        p++;
    return *p == '\0' ? 0 : NB_EINVAL;
}

/* ---- Loading ------------------------------------------------------------- */

/* The row of assignment asg_id, added (with its title and period) when new. */
static int nb_grid_row_of(nb_grid *g, int64_t asg_id, nb_grid_row **out, nb_err *err)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (g->rows[i].asg_id == asg_id) {
            *out = &g->rows[i];
            return 0;
        }
    *out = NULL;
    if (g->nrows == NB_GRID_MAX_ROWS)
        return 0;
    int rc = nb_asg_get(g->w->req->st, asg_id, g->scratch, err);
    if (rc != 0)
        return rc;
    nb_grid_row *r = &g->rows[g->nrows];
    memset(r, 0, sizeof *r);
    r->asg_id = asg_id;
    snprintf(r->title, sizeof r->title, "%s", g->scratch->title);
    if (nb_date_parse(g->scratch->start_date, &r->from) != 0 ||
        nb_date_parse(g->scratch->end_date, &r->to) != 0)
        return NB_EDB;
    if (r->to < g->monday || r->from > g->monday + 6)
        return 0; /* not this week: no row (an entry row is added anyway) */
    g->nrows++;
    *out = r;
    return 0;
}

static int nb_grid_alloc_add(void *ctx, const nb_alloc *a)
{
    nb_grid *g = ctx;
    nb_grid_row *r;
    nb_err err = {{0}};
    return nb_grid_row_of(g, a->assignment_id, &r, &err);
}

static int nb_grid_entry_add(void *ctx, const nb_entry *e)
{
    nb_grid *g = ctx;
    nb_grid_row *r;
    nb_err err = {{0}};
    int32_t day;
    if (nb_date_parse(e->date, &day) != 0)
        return NB_EDB;
    int rc = nb_grid_row_of(g, e->assignment_id, &r, &err);
    if (rc != 0 || r == NULL)
        return rc;
    int d = (int)(day - g->monday);
    if (d < 0 || d > 6)
        return 0;
    if (strcmp(e->status, "afgekeurd") == 0) {
        r->rejected[d] = 1;
        return 0;
    }
    r->minutes[d] += e->minutes;
    /* ingediend wins over goedgekeurd: something still waits */
    if (r->status[d][0] == '\0' || strcmp(e->status, "ingediend") == 0)
        snprintf(r->status[d], sizeof r->status[d], "%s", e->status);
    return 0;
}

static int nb_grid_load(nb_grid *g, nb_err *err)
{
    const nb_principal *who = g->w->req->who;
    nb_alloc_filter af;
    memset(&af, 0, sizeof af);
    af.person_id = who->person_id;
    af.status = "bevestigd";
    int rc = nb_alloc_list(g->w->req->st, &af, 0, -1, nb_grid_alloc_add, g, NULL, err);
    if (rc != 0)
        return rc;
    char from[NB_DATE_LEN], to[NB_DATE_LEN];
    nb_date_format(g->monday, from);
    nb_date_format(g->monday + 6, to);
    nb_entry_filter ef;
    memset(&ef, 0, sizeof ef);
    ef.person_id = who->person_id;
    ef.from = from;
    ef.to = to;
    return nb_entry_list(g->w->req->st, &ef, 0, -1, nb_grid_entry_add, g, NULL, err);
}

/* 1 when row r takes new hours on day d. */
static int nb_grid_open(const nb_grid *g, const nb_grid_row *r, int d)
{
    int32_t day = g->monday + d;
    return day <= g->today && day >= r->from && day <= r->to && r->minutes[d] == 0;
}

static void nb_grid_cell_id(char out[48], int64_t asg_id, int d)
{
    snprintf(out, 48, "c%lld_%d", (long long)asg_id, d);
}

/* ---- Rendering ------------------------------------------------------------- */

static void nb_grid_badge(nb_buf *b, const char *status)
{
    nb_html_lit(b, " <span class=\"utrecht-badge-status nb-status\">");
    nb_html_text(b, status);
    nb_html_lit(b, "</span>");
}

static void nb_grid_cell(nb_buf *b, const nb_grid *g, const nb_grid_row *r, int d,
                         const nb_web_errors *errs)
{
    char id[48], text[NB_WEB_FMT_LEN], rid[48], kid[8];
    nb_grid_cell_id(id, r->asg_id, d);
    nb_html_lit(b, "<td class=\"utrecht-table__cell nb-grid__cell\">");
    if (r->minutes[d] > 0) {
        nb_web_fmt_hours(r->minutes[d], text);
        nb_html_text(b, text);
        nb_grid_badge(b, r->status[d]);
    }
    if (r->rejected[d])
        nb_grid_badge(b, "afgekeurd");
    if (!nb_grid_open(g, r, d)) {
        if (r->minutes[d] == 0)
            nb_html_lit(b, "<span aria-hidden=\"true\">–</span>"
                           "<span class=\"nb-visually-hidden\">niet in te vullen</span>");
        nb_html_lit(b, "</td>");
        return;
    }
    const char *error = nb_web_error_for(errs, id);
    const char *value = g->w->form ? nb_web_form_get(g->w->form, id) : NULL;
    snprintf(rid, sizeof rid, "r%lld", (long long)r->asg_id);
    snprintf(kid, sizeof kid, "k%d", d);
    if (error) {
        nb_html_lit(b, "<div class=\"utrecht-form-field-error-message nb-grid__error\" id=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"><span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(b, error);
        nb_html_lit(b, "</div>");
    }
    nb_html_lit(b, "<input class=\"utrecht-textbox utrecht-textbox--html-input nb-grid__input");
    if (error)
        nb_html_lit(b, " utrecht-textbox--invalid");
    nb_html_lit(b, "\" type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" size=\"5\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\" name=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\" aria-labelledby=\"");
    nb_html_attr(b, rid);
    nb_html_lit(b, " ");
    nb_html_attr(b, kid);
    nb_html_lit(b, "\"");
    if (error) {
        nb_html_lit(b, " aria-invalid=\"true\" aria-describedby=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "-fout\"");
    }
    if (value && value[0]) {
        nb_html_lit(b, " value=\"");
        nb_html_attr(b, value);
        nb_html_lit(b, "\"");
    }
    nb_html_lit(b, "></td>");
}

static void nb_grid_week_link(nb_buf *b, int32_t monday, const char *text, const char *rel)
{
    char name[16];
    nb_web_week_name(monday, name);
    nb_html_lit(b, "<a class=\"utrecht-link\" rel=\"");
    nb_html_attr(b, rel);
    nb_html_lit(b, "\" href=\"/uren?week=");
    nb_html_url_component(b, name);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</a>");
}

static void nb_grid_render(nb_buf *b, const nb_grid *g, const nb_web_errors *errs)
{
    char name[16], first[NB_WEB_FMT_LEN], last[NB_WEB_FMT_LEN];
    nb_web_week_name(g->monday, name);
    nb_web_fmt_day(g->monday, first);
    nb_web_fmt_day(g->monday + 6, last);
    nb_web_error_summary(b, errs);
    nb_html_lit(b, "<p class=\"utrecht-paragraph\">Vul per opdracht en per dag de gewerkte uren "
                   "in, als 4,5 of 4:30. Lege vakken worden overgeslagen. Uren die al zijn "
                   "geregistreerd staan er met hun status; de ambtelijk opdrachtgever keurt ze "
                   "goed of af.</p>\n<nav class=\"nb-weeknav\" aria-label=\"Weken\">");
    nb_grid_week_link(b, g->monday - 7, "Vorige week", "prev");
    nb_html_lit(b, " ");
    nb_grid_week_link(b, nb_web_week_monday(g->today), "Deze week", "bookmark");
    nb_html_lit(b, " ");
    nb_grid_week_link(b, g->monday + 7, "Volgende week", "next");
    nb_html_lit(b, "</nav>\n");
    if (g->nrows == 0) {
        nb_html_lit(b, "<p class=\"utrecht-paragraph\">U bent deze week niet ingezet op een "
                       "opdracht, dus er zijn geen uren te registreren. Kies een andere week, "
                       "of kijk bij <a class=\"utrecht-link\" href=\"/mijn-inzet\">Mijn inzet</a> "
                       "waarop u bent ingezet.</p>\n");
        return;
    }
    nb_web_form_open(b, g->w, "/uren");
    nb_html_lit(b, "<input type=\"hidden\" name=\"week\" value=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\">\n");
    /* the day columns have ids (k0..k6) that each cell's headers= names */
    char caption[3 * NB_WEB_FMT_LEN], days[7][64], ids[7][4];
    nb_web_col cols[9] = {{"Opdracht", 0, NULL}};
    for (int d = 0; d < 7; d++) {
        nb_grid_day_label(g->monday + d, days[d]);
        snprintf(ids[d], sizeof ids[d], "k%d", d);
        cols[1 + d] = (nb_web_col){days[d], 0, ids[d]};
    }
    cols[8] = (nb_web_col){"Totaal", 1, NULL};
    snprintf(caption, sizeof caption, "Uren in week %s: %s tot en met %s", name + 6, first, last);
    nb_web_table_open(b, "rooster-bijschrift", caption, NULL, "nb-grid");
    NB_WEB_TABLE_HEAD(b, cols);
    for (size_t i = 0; i < g->nrows; i++) {
        const nb_grid_row *r = &g->rows[i];
        int64_t total = 0;
        nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" "
                       "scope=\"row\" id=\"r");
        nb_html_int(b, r->asg_id);
        nb_html_lit(b, "\">");
        nb_html_text(b, r->title);
        nb_html_lit(b, "</th>");
        for (int d = 0; d < 7; d++) {
            nb_grid_cell(b, g, r, d, errs);
            total += r->minutes[d];
        }
        char text[NB_WEB_FMT_LEN];
        nb_web_fmt_hours(total, text);
        nb_html_lit(b, "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
        nb_html_text(b, text);
        nb_html_lit(b, "</td></tr>\n");
    }
    nb_web_table_close(b);
    nb_html_lit(b, "<p class=\"utrecht-paragraph\"><button "
                   "type=\"submit\" class=\"utrecht-button utrecht-button--primary-action\">Uren "
                   "opslaan</button></p>\n</form>\n");
}

/* ---- Handlers ------------------------------------------------------------ */

static int nb_grid_setup(nb_web_req *w, nb_resp *resp, nb_grid *g, const char *week)
{
    memset(g, 0, sizeof *g);
    g->w = w;
    g->today = nb_web_today();
    g->monday = nb_web_week_monday(g->today);
    if (week != NULL && nb_web_week_parse(week, &g->monday) != 0) {
        nb_resp_problem(resp, 400, "Onbekende week",
                        "Geef de week als jaar en weeknummer, bijvoorbeeld 2026-W48.");
        return 1;
    }
    if (w->req->who->person_id <= 0) {
        nb_resp_problem(resp, 403, "Geen toegang",
                        "Deze gebruiker hoort bij geen medewerker; vraag beheer om uw account "
                        "aan uw medewerkergegevens te koppelen.");
        return 1;
    }
    return 0;
}

static int nb_grid_reply(nb_web_req *w, nb_resp *resp, nb_grid *g, const nb_web_errors *errs,
                         int status)
{
    nb_buf b = NB_BUF_INIT;
    nb_web_begin(&b, w);
    nb_grid_render(&b, g, errs);
    nb_web_end(&b);
    return nb_web_reply(resp, status, &b);
}

int nb_web_uren(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_grid *g = calloc(1, sizeof *g);
    nb_asg *scratch = calloc(1, sizeof *scratch);
    int rc = 0;
    if (g == NULL || scratch == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    if (nb_grid_setup(w, resp, g, nb_req_query(w->req, "week")) != 0)
        goto cleanup;
    g->scratch = scratch;
    if ((rc = nb_grid_load(g, &err)) != 0) {
        rc = nb_resp_from_err(resp, rc, &err);
        goto cleanup;
    }
    rc = nb_grid_reply(w, resp, g, NULL, 200);
cleanup:
    free(scratch);
    free(g);
    return rc;
}

/* Records one filled cell; adds its error to errs. 0 or a store failure. */
static int nb_grid_save_cell(nb_grid *g, const nb_grid_row *r, int d, const char *value,
                             nb_web_errors *errs, nb_err *err)
{
    char id[48], label[64], msg[256];
    nb_grid_cell_id(id, r->asg_id, d);
    nb_grid_day_label(g->monday + d, label);
    nb_entry e;
    memset(&e, 0, sizeof e);
    if (nb_web_hours_parse(value, &e.minutes) != 0 || e.minutes <= 0) {
        snprintf(msg, sizeof msg, "%s, %s: vul de uren in als 4,5 of 4:30 (meer dan 0).", r->title,
                 label);
        nb_web_error_add(errs, id, msg);
        return 0;
    }
    const nb_principal *who = g->w->req->who;
    e.person_id = who->person_id;
    e.assignment_id = r->asg_id;
    nb_date_format(g->monday + d, e.date);
    int rc = nb_asg_get(g->w->req->st, r->asg_id, g->scratch, err);
    nb_hours_problem problems[8];
    size_t np = 0;
    if (rc == 0)
        rc = nb_entry_check_new(g->w->req->st, &e, g->scratch, g->today, problems, 8, &np, err);
    if (rc != 0)
        return rc;
    if (np > 0) {
        snprintf(msg, sizeof msg, "%s, %s: %s.", r->title, label, problems[0].reason);
        nb_web_error_add(errs, id, msg);
        return 0;
    }
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s:%s", nb_role_name(who->role), who->label);
    if ((rc = nb_entry_insert(g->w->req->st, &e, err)) != 0)
        return rc;
    json_t *detail =
        json_pack("{s:I, s:s, s:I, s:s}", "opdrachtId", (json_int_t)e.assignment_id, "datum",
                  e.date, "minuten", (json_int_t)e.minutes, "bron", "weekrooster");
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    if (text == NULL)
        return NB_ENOMEM;
    rc = nb_store_audit(g->w->req->st, &g->w->req->actor, "create", "urenregistratie", e.id, text,
                        err);
    free(text);
    return rc;
}

int nb_web_uren_post(nb_web_req *w, nb_resp *resp)
{
    nb_err err = {{0}};
    nb_grid *g = calloc(1, sizeof *g);
    nb_asg *scratch = calloc(1, sizeof *scratch);
    nb_web_errors *errs = calloc(1, sizeof *errs);
    int rc = 0, saved = 0;
    if (g == NULL || scratch == NULL || errs == NULL) {
        rc = NB_ENOMEM;
        goto cleanup;
    }
    const char *week = nb_web_form_get(w->form, "week");
    if (nb_grid_setup(w, resp, g, week ? week : "") != 0)
        goto cleanup;
    g->scratch = scratch;
    if ((rc = nb_grid_load(g, &err)) != 0)
        goto fail;
    /* Every field must be a cell of this grid that takes hours. */
    for (int i = 0; i < w->form->count; i++) {
        const char *name = w->form->fields[i].name;
        if (strcmp(name, "csrf") == 0 || strcmp(name, "week") == 0)
            continue;
        int found = 0;
        for (size_t k = 0; k < g->nrows && !found; k++)
            for (int d = 0; d < 7 && !found; d++) {
                char id[48];
                nb_grid_cell_id(id, g->rows[k].asg_id, d);
                found = strcmp(id, name) == 0 && nb_grid_open(g, &g->rows[k], d);
            }
        if (!found) {
            nb_resp_problem(resp, 400, "Onbekend vak",
                            "Het formulier bevat een vak dat in deze week niet bestaat of niet "
                            "meer open is. Laad de week opnieuw.");
            goto cleanup;
        }
    }
    for (size_t k = 0; k < g->nrows; k++)
        for (int d = 0; d < 7; d++) {
            char id[48];
            nb_grid_cell_id(id, g->rows[k].asg_id, d);
            const char *value = nb_web_form_get(w->form, id);
            if (value == NULL || value[strspn(value, " ")] == '\0')
                continue;
            if ((rc = nb_grid_save_cell(g, &g->rows[k], d, value, errs, &err)) != 0)
                goto fail;
            saved++;
        }
    if (errs->count > 0) {
        /* 422 rolls the whole transaction back: nothing of this form is kept */
        rc = nb_grid_reply(w, resp, g, errs, 422);
        goto cleanup;
    }
    char path[40];
    snprintf(path, sizeof path, "/uren?week=%s", week);
    rc = nb_web_redirect(resp, path, saved > 0 ? NB_WEB_FLASH_HOURS_SAVED : NB_WEB_FLASH_NONE);
    goto cleanup;
fail:
    rc = nb_resp_from_err(resp, rc, &err);
cleanup:
    free(errs);
    free(scratch);
    free(g);
    return rc;
}
