/*
 * web/layout.c — the page frame, form helpers, POST-redirect-GET and flash
 * messages (layout.h). The only place that writes <head>, the header, the
 * navigation and the footer.
 */
#include "web/layout.h"

#include "web/html.h"
#include "web/static.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The signed-in user's name and role with the logout button (a POST form,
 * so no other site can log anyone out). */
static void nb_web_user_bar(nb_buf *b, const nb_principal *who, const nb_web_sess *sess)
{
    static const char *const role_nl[] = {"netwerk-MT", "coördinator", "medewerker", "lezer"};
    int r = who->role == NB_ROLE_BEHEER        ? 0
            : who->role == NB_ROLE_COORDINATOR ? 1
            : who->role == NB_ROLE_MEDEWERKER  ? 2
                                               : 3;
    nb_html_lit(b, "<div class=\"nb-user\"><span class=\"nb-user__name\">");
    nb_html_text(b, who->label);
    nb_html_lit(b, " <span class=\"nb-muted\">(");
    nb_html_text(b, role_nl[r]);
    nb_html_lit(b, ")</span></span>\n<form class=\"nb-inline-form\" method=\"post\" "
                   "action=\"/uitloggen\"><input type=\"hidden\" name=\"csrf\" value=\"");
    nb_html_attr(b, sess ? sess->csrf : "");
    nb_html_lit(b, "\"><button type=\"submit\" class=\"utrecht-button "
                   "utrecht-button--secondary-action\">Uitloggen</button></form></div>\n");
}

/* The navigation's next page for role after prev (NULL: the first): the GET
 * row with the lowest place (nav) after prev's, rows of one place in table
 * order; NULL after the last. */
static const nb_web_page *nb_web_nav_next(const nb_web_page *pages, size_t npages, int role,
                                          const nb_web_page *prev)
{
    const nb_web_page *best = NULL;
    for (size_t i = 0; i < npages; i++) {
        const nb_web_page *p = &pages[i];
        if (p->nav <= 0 || !(p->roles & role) || strcmp(p->method, "GET") != 0)
            continue;
        if (prev && (p->nav < prev->nav || (p->nav == prev->nav && p <= prev)))
            continue;
        if (best == NULL || p->nav < best->nav)
            best = p;
    }
    return best;
}

void nb_web_layout_begin(nb_buf *b, const nb_principal *who, const nb_web_sess *sess,
                         const nb_web_page *pages, size_t npages, const char *current,
                         const char *title, const char *flash)
{
    int role = who ? who->role : NB_ROLE_PUBLIC;
    nb_html_lit(b, "<!DOCTYPE html>\n<html lang=\"nl\" class=\"utrecht-root voorbeeld-theme\">\n"
                   "<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<link rel=\"icon\" href=\"data:,\">\n<title>");
    nb_html_text(b, title);
    nb_html_lit(b, " — noaber</title>\n");
    for (size_t i = 0; i < nb_web_assets_count; i++) {
        nb_html_lit(b, "<link rel=\"stylesheet\" href=\"/static/");
        nb_html_url_component(b, nb_web_assets[i].file);
        nb_html_lit(b, "\">\n");
    }
    nb_html_lit(b, "</head>\n<body class=\"utrecht-body utrecht-document\">\n"
                   "<a class=\"utrecht-skip-link utrecht-skip-link--visible-on-focus\" "
                   "href=\"#inhoud\">Naar de inhoud</a>\n"
                   "<div class=\"utrecht-page-layout\">\n"
                   "<header class=\"utrecht-page-header nb-header\">\n"
                   "<div class=\"utrecht-page-header__content nb-header__content\">\n"
                   "<a class=\"utrecht-link nb-logo\" href=\"/\">noaber</a>\n"
                   "<span class=\"nb-tagline\">uren delen in het netwerk</span>\n");
    if (role != NB_ROLE_PUBLIC && sess != NULL && sess->csrf[0] != '\0')
        nb_web_user_bar(b, who, sess);
    else if (role == NB_ROLE_PUBLIC)
        nb_html_lit(b, "<div class=\"nb-user\"><a class=\"utrecht-link\" "
                       "href=\"/inloggen\">Inloggen</a></div>\n");
    nb_html_lit(b, "</div>\n</header>\n");
    int items = 0;
    for (const nb_web_page *p = NULL; (p = nb_web_nav_next(pages, npages, role, p)) != NULL;) {
        if (items++ == 0)
            nb_html_lit(b, "<nav class=\"utrecht-nav-bar nb-nav\" aria-label=\"Hoofdmenu\">\n"
                           "<div class=\"utrecht-nav-bar__content\">\n"
                           "<ul class=\"utrecht-nav-list\">\n");
        int here = current && strcmp(current, p->pattern) == 0;
        nb_html_lit(b, "<li class=\"utrecht-nav-list__item\"><a class=\"utrecht-nav-list__link");
        if (here)
            nb_html_lit(b, " utrecht-link--current\" aria-current=\"page");
        nb_html_lit(b, "\" href=\"");
        nb_html_url(b, p->pattern);
        nb_html_lit(b, "\">");
        nb_html_text(b, p->title);
        nb_html_lit(b, "</a></li>\n");
    }
    if (items > 0)
        nb_html_lit(b, "</ul>\n</div>\n</nav>\n");
    nb_html_lit(
        b, "<div class=\"utrecht-page-body\">\n<div class=\"utrecht-page-body__content nb-body\">\n"
           "<main id=\"inhoud\" class=\"utrecht-page-content__main\" tabindex=\"-1\">\n");
    if (flash) {
        nb_html_lit(b, "<div class=\"utrecht-alert utrecht-alert--info\" role=\"status\">"
                       "<div class=\"utrecht-alert__content\"><p class=\"utrecht-paragraph "
                       "utrecht-alert__message\">");
        nb_html_text(b, flash);
        nb_html_lit(b, "</p></div></div>\n");
    }
    nb_html_lit(b, "<h1 class=\"utrecht-heading-1\">");
    nb_html_text(b, title);
    nb_html_lit(b, "</h1>\n");
}

void nb_web_begin(nb_buf *b, const nb_web_req *w)
{
    nb_web_layout_begin(b, w->req->who, w->sess, w->pages, w->npages, w->page->pattern,
                        w->page->title, w->flash);
}

void nb_web_form_open(nb_buf *b, const nb_web_req *w, const char *action)
{
    nb_html_lit(b, "<form class=\"utrecht-form\" method=\"post\" action=\"");
    nb_html_url(b, action);
    nb_html_lit(b, "\" novalidate>\n");
    if (w->sess != NULL && w->sess->csrf[0] != '\0') {
        nb_html_lit(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
        nb_html_attr(b, w->sess->csrf);
        nb_html_lit(b, "\">\n");
    }
}

void nb_web_end(nb_buf *b)
{
    nb_html_lit(b,
                "</main>\n</div>\n</div>\n"
                "<footer class=\"utrecht-page-footer nb-footer\">\n"
                "<div class=\"utrecht-page-footer__content\">\n"
                "<ul class=\"utrecht-link-list utrecht-link-list--html-ul nb-footer__links\">\n"
                "<li class=\"utrecht-link-list__item\"><a class=\"utrecht-link "
                "utrecht-link-list__link\" href=\"/toegankelijkheidsverklaring\">"
                "Toegankelijkheidsverklaring</a></li>\n"
                "<li class=\"utrecht-link-list__item\"><a class=\"utrecht-link "
                "utrecht-link-list__link\" href=\"/privacyverklaring\">Privacyverklaring</a></li>\n"
                "</ul>\n<p class=\"utrecht-paragraph\">noaber " NB_VERSION "</p>\n"
                "</div>\n</footer>\n</div>\n</body>\n</html>\n");
}

int nb_web_reply(nb_resp *resp, int status, nb_buf *b)
{
    if (b->oom) {
        nb_buf_free(b);
        return NB_ENOMEM;
    }
    nb_buf_free(&resp->raw);
    resp->raw = *b;
    *b = (nb_buf)NB_BUF_INIT;
    resp->content_type = "text/html; charset=utf-8";
    resp->status = status;
    json_decref(resp->json);
    resp->json = NULL;
    nb_resp_rows_drop(resp);
    resp->is_problem = 0;
    return 0;
}

/* ---- Forms -------------------------------------------------------------- */

void nb_web_error_add(nb_web_errors *errs, const char *field, const char *message)
{
    if (errs->count >= NB_WEB_MAX_ERRORS)
        return;
    snprintf(errs->e[errs->count].field, sizeof errs->e[0].field, "%s", field);
    snprintf(errs->e[errs->count].message, sizeof errs->e[0].message, "%s", message);
    errs->count++;
}

void nb_web_form_version(nb_buf *b, int64_t versie)
{
    nb_html_lit(b, "<input type=\"hidden\" name=\"versie\" value=\"");
    nb_html_int(b, versie);
    nb_html_lit(b, "\">\n");
}

int nb_web_form_stale(const nb_web_form *form, int64_t current)
{
    const char *v = nb_web_form_get(form, "versie");
    if (v == NULL || v[0] == '\0')
        return 0;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    return *end != '\0' || n != current; /* a versie that is no number is not current */
}

const char *nb_web_error_for(const nb_web_errors *errs, const char *field)
{
    for (int i = 0; errs && i < errs->count; i++)
        if (strcmp(errs->e[i].field, field) == 0)
            return errs->e[i].message;
    return NULL;
}

void nb_web_error_summary(nb_buf *b, const nb_web_errors *errs)
{
    if (errs == NULL || errs->count == 0)
        return;
    nb_html_lit(b, "<div class=\"utrecht-alert utrecht-alert--error nb-error-summary\" "
                   "role=\"alert\" aria-labelledby=\"foutoverzicht-kop\">"
                   "<div class=\"utrecht-alert__content\">"
                   "<h2 class=\"utrecht-heading-2\" id=\"foutoverzicht-kop\">Er ging iets mis</h2>"
                   "<ul class=\"utrecht-unordered-list\">\n");
    for (int i = 0; i < errs->count; i++) {
        nb_html_lit(
            b, "<li class=\"utrecht-unordered-list__item\"><a class=\"utrecht-link\" href=\"#");
        nb_html_url_component(b, errs->e[i].field);
        nb_html_lit(b, "\">");
        nb_html_text(b, errs->e[i].message);
        nb_html_lit(b, "</a></li>\n");
    }
    nb_html_lit(b, "</ul></div></div>\n");
}

/* The label, description and error of a field (the part before its control);
 * kind is the form field modifier: "text", "select", "textarea". */
static const char *nb_web_field_head(nb_buf *b, const nb_web_errors *errs, const char *name,
                                     const char *kind, const char *label, const char *description)
{
    const char *error = nb_web_error_for(errs, name);
    nb_html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--");
    nb_html_attr(b, kind);
    if (error)
        nb_html_lit(b, " utrecht-form-field--invalid");
    nb_html_lit(
        b,
        "\">\n<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label\" for=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\">");
    nb_html_text(b, label);
    nb_html_lit(b, "</label></div>\n");
    if (description) {
        nb_html_lit(
            b,
            "<div class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-uitleg\">");
        nb_html_text(b, description);
        nb_html_lit(b, "</div>\n");
    }
    if (error) {
        nb_html_lit(
            b,
            "<div class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-fout\"><span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(b, error);
        nb_html_lit(b, "</div>\n");
    }
    return error;
}

/* id, name, aria-describedby and aria-invalid of a control (inside its tag);
 * hint_id (NULL = none) is a shared explanation written elsewhere. */
static void nb_web_field_attrs_hint(nb_buf *b, const char *name, const char *description,
                                    const char *hint_id, const char *error)
{
    nb_html_lit(b, " id=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\" name=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\"");
    if (description || hint_id || error) {
        int more = 0; /* an id written: the next one after a space */
        nb_html_lit(b, " aria-describedby=\"");
        if (hint_id) {
            nb_html_attr(b, hint_id);
            more = 1;
        }
        if (description) {
            if (more)
                nb_html_lit(b, " ");
            nb_html_attr(b, name);
            nb_html_lit(b, "-uitleg");
            more = 1;
        }
        if (error) {
            if (more)
                nb_html_lit(b, " ");
            nb_html_attr(b, name);
            nb_html_lit(b, "-fout");
        }
        nb_html_lit(b, "\"");
    }
    if (error)
        nb_html_lit(b, " aria-invalid=\"true\"");
}

static void nb_web_field_attrs(nb_buf *b, const char *name, const char *description,
                               const char *error)
{
    nb_web_field_attrs_hint(b, name, description, NULL, error);
}

/* nb_web_form_field with an optional list (the id of a <datalist>, NULL = none)
 * and an optional shared explanation (hint_id, NULL = none). */
static void nb_web_input(nb_buf *b, const nb_web_errors *errs, const char *name, const char *type,
                         const char *label, const char *description, const char *value,
                         const char *autocomplete, const char *list, const char *hint_id)
{
    const char *error = nb_web_field_head(b, errs, name, "text", label, description);
    nb_html_lit(b, "<div class=\"utrecht-form-field__input\"><input class=\"utrecht-textbox "
                   "utrecht-textbox--html-input");
    if (error)
        nb_html_lit(b, " utrecht-textbox--invalid");
    nb_html_lit(b, "\" type=\"");
    nb_html_attr(b, type);
    nb_html_lit(b, "\"");
    if (value && strcmp(type, "password") != 0) {
        nb_html_lit(b, " value=\"");
        nb_html_attr(b, value);
        nb_html_lit(b, "\"");
    }
    if (autocomplete) {
        nb_html_lit(b, " autocomplete=\"");
        nb_html_attr(b, autocomplete);
        nb_html_lit(b, "\"");
    }
    if (list) {
        nb_html_lit(b, " list=\"");
        nb_html_attr(b, list);
        nb_html_lit(b, "\"");
    }
    nb_web_field_attrs_hint(b, name, description, hint_id, error);
    nb_html_lit(b, "></div>\n</div>\n");
}

void nb_web_form_field(nb_buf *b, const nb_web_errors *errs, const char *name, const char *type,
                       const char *label, const char *description, const char *value,
                       const char *autocomplete)
{
    nb_web_input(b, errs, name, type, label, description, value, autocomplete, NULL, NULL);
}

void nb_web_form_field_hinted(nb_buf *b, const nb_web_errors *errs, const char *name,
                              const char *label, const char *hint_id, const char *value)
{
    nb_web_input(b, errs, name, "text", label, NULL, value, "off", NULL, hint_id);
}

void nb_web_form_field_list(nb_buf *b, const nb_web_errors *errs, const char *name,
                            const char *label, const char *description, const char *value,
                            const char *list)
{
    nb_web_input(b, errs, name, "text", label, description, value, "off", list, NULL);
}

void nb_web_select_open(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                        const char *description)
{
    const char *error = nb_web_field_head(b, errs, name, "select", label, description);
    nb_html_lit(b, "<div class=\"utrecht-form-field__input\"><select class=\"utrecht-select "
                   "utrecht-select--html-select");
    if (error)
        nb_html_lit(b, " utrecht-select--invalid");
    nb_html_lit(b, "\"");
    nb_web_field_attrs(b, name, description, error);
    nb_html_lit(b, ">\n");
}

void nb_web_select_option(nb_buf *b, const char *value, const char *label, const char *current)
{
    nb_html_lit(b, "<option class=\"utrecht-select__option\" value=\"");
    nb_html_attr(b, value);
    nb_html_lit(b, "\"");
    if (current && strcmp(current, value) == 0)
        nb_html_lit(b, " selected");
    nb_html_lit(b, ">");
    nb_html_text(b, label);
    nb_html_lit(b, "</option>\n");
}

void nb_web_select_close(nb_buf *b)
{
    nb_html_lit(b, "</select></div>\n</div>\n");
}

void nb_web_form_select(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                        const char *description, const nb_web_option *options, size_t n,
                        const char *value)
{
    nb_web_select_open(b, errs, name, label, description);
    for (size_t i = 0; i < n; i++)
        nb_web_select_option(b, options[i].value, options[i].label, value);
    nb_web_select_close(b);
}

void nb_web_form_checkbox(nb_buf *b, const nb_web_errors *errs, const char *name, const char *value,
                          const char *label, const char *description, int checked)
{
    const char *error = nb_web_error_for(errs, name);
    nb_html_lit(b, "<div class=\"utrecht-form-field utrecht-form-field--checkbox");
    if (error)
        nb_html_lit(b, " utrecht-form-field--invalid");
    nb_html_lit(b, "\">\n");
    if (error) {
        nb_html_lit(
            b,
            "<div class=\"utrecht-form-field-error-message utrecht-form-field__error-message\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-fout\"><span class=\"nb-visually-hidden\">Fout: </span>");
        nb_html_text(b, error);
        nb_html_lit(b, "</div>\n");
    }
    nb_html_lit(b, "<div class=\"utrecht-form-field__input\"><input type=\"checkbox\" value=\"");
    nb_html_attr(b, value);
    nb_html_lit(b, "\" class=\"utrecht-checkbox utrecht-checkbox--html-input");
    if (error)
        nb_html_lit(b, " utrecht-checkbox--invalid");
    nb_html_lit(b, "\"");
    nb_web_field_attrs(b, name, description, error);
    if (checked)
        nb_html_lit(b, " checked");
    nb_html_lit(
        b, "></div>\n<div class=\"utrecht-form-field__label\"><label class=\"utrecht-form-label "
           "utrecht-form-label--checkbox\" for=\"");
    nb_html_attr(b, name);
    nb_html_lit(b, "\">");
    nb_html_text(b, label);
    nb_html_lit(b, "</label></div>\n");
    if (description) {
        nb_html_lit(
            b,
            "<div class=\"utrecht-form-field-description utrecht-form-field__description\" id=\"");
        nb_html_attr(b, name);
        nb_html_lit(b, "-uitleg\">");
        nb_html_text(b, description);
        nb_html_lit(b, "</div>\n");
    }
    nb_html_lit(b, "</div>\n");
}

void nb_web_form_textarea(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                          const char *description, const char *value)
{
    const char *error = nb_web_field_head(b, errs, name, "textarea", label, description);
    nb_html_lit(b, "<div class=\"utrecht-form-field__input\"><textarea class=\"utrecht-textarea "
                   "utrecht-textarea--html-textarea");
    if (error)
        nb_html_lit(b, " utrecht-textarea--invalid");
    nb_html_lit(b, "\" rows=\"4\"");
    nb_web_field_attrs(b, name, description, error);
    nb_html_lit(b, ">");
    if (value)
        nb_html_text(b, value);
    nb_html_lit(b, "</textarea></div>\n</div>\n");
}

/* ---- Tables and data lists ---------------------------------------------- */

void nb_web_table_open(nb_buf *b, const char *id, const char *caption, const char *region_class,
                       const char *table_class)
{
    nb_html_lit(b, "<div class=\"utrecht-table-container utrecht-table-container--overflow-inline");
    if (region_class) {
        nb_html_lit(b, " ");
        nb_html_attr(b, region_class);
    }
    nb_html_lit(b, "\" tabindex=\"0\" role=\"region\" aria-labelledby=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">\n<table class=\"utrecht-table utrecht-table--html-table");
    if (table_class) {
        nb_html_lit(b, " ");
        nb_html_attr(b, table_class);
    }
    nb_html_lit(b, "\"");
    if (caption == NULL) {
        nb_html_lit(b, " aria-labelledby=\"");
        nb_html_attr(b, id);
        nb_html_lit(b, "\">\n");
        return;
    }
    nb_html_lit(b, ">\n<caption class=\"utrecht-table__caption\" id=\"");
    nb_html_attr(b, id);
    nb_html_lit(b, "\">");
    nb_html_text(b, caption);
    nb_html_lit(b, "</caption>\n");
}

void nb_web_table_head(nb_buf *b, const nb_web_col *cols, size_t n)
{
    if (n > 0) {
        nb_html_lit(b, "<thead class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
        for (size_t i = 0; i < n; i++) {
            nb_html_lit(b, "<th class=\"utrecht-table__header-cell");
            if (cols[i].numeric)
                nb_html_lit(b, " utrecht-table__header-cell--numeric-column");
            nb_html_lit(b, "\" scope=\"col\"");
            if (cols[i].id) {
                nb_html_lit(b, " id=\"");
                nb_html_attr(b, cols[i].id);
                nb_html_lit(b, "\"");
            }
            nb_html_lit(b, ">");
            nb_html_text(b, cols[i].label);
            nb_html_lit(b, "</th>");
        }
        nb_html_lit(b, "</tr></thead>\n");
    }
    nb_html_lit(b, "<tbody class=\"utrecht-table__body\">\n");
}

void nb_web_table_close(nb_buf *b)
{
    nb_html_lit(b, "</tbody>\n</table>\n</div>\n");
}

void nb_web_row_head_open(nb_buf *b)
{
    nb_html_lit(b, "<tr class=\"utrecht-table__row\"><th class=\"utrecht-table__header-cell\" "
                   "scope=\"row\">");
}

void nb_web_figure_row(nb_buf *b, const char *term, const char *value)
{
    nb_web_row_head_open(b);
    nb_html_text(b, term);
    nb_html_lit(b, "</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-column\">");
    nb_html_text(b, value);
    nb_html_lit(b, "</td></tr>\n");
}

static void nb_web_pager_link(nb_buf *b, nb_web_page_href href, const void *ctx, int64_t n,
                              const char *rel, const char *text)
{
    nb_html_lit(b, "<li class=\"utrecht-link-list__item\"><a class=\"utrecht-link\" rel=\"");
    nb_html_attr(b, rel);
    nb_html_lit(b, "\" href=\"");
    href(b, ctx, n);
    nb_html_lit(b, "\">");
    nb_html_text(b, text);
    nb_html_lit(b, "</a></li>");
}

void nb_web_pager(nb_buf *b, const char *label, int64_t page, int64_t pages, nb_web_page_href href,
                  const void *ctx)
{
    if (pages <= 1)
        return;
    nb_html_lit(b, "<nav class=\"nb-pager\" aria-label=\"");
    nb_html_attr(b, label);
    nb_html_lit(b, "\"><p class=\"utrecht-paragraph\">Pagina ");
    nb_html_int(b, page);
    nb_html_lit(b, " van ");
    nb_html_int(b, pages);
    nb_html_lit(b, "</p><ul class=\"utrecht-link-list utrecht-link-list--html-ul\">");
    if (page > 1) {
        if (page > 2)
            nb_web_pager_link(b, href, ctx, 1, "first", "Eerste pagina");
        nb_web_pager_link(b, href, ctx, page - 1, "prev", "Vorige pagina");
    }
    if (page < pages) {
        nb_web_pager_link(b, href, ctx, page + 1, "next", "Volgende pagina");
        if (page + 1 < pages)
            nb_web_pager_link(b, href, ctx, pages, "last", "Laatste pagina");
    }
    nb_html_lit(b, "</ul></nav>\n");
}

void nb_web_dl_open(nb_buf *b)
{
    nb_html_lit(b, "<dl class=\"utrecht-data-list utrecht-data-list--rows\">\n");
}

void nb_web_dl_close(nb_buf *b)
{
    nb_html_lit(b, "</dl>\n");
}

void nb_web_dl_key(nb_buf *b, const char *key)
{
    nb_html_lit(
        b, "<div class=\"utrecht-data-list__item\"><dt class=\"utrecht-data-list__item-key\">");
    nb_html_text(b, key);
    /* the line break keeps key and value apart in the text (textContent) */
    nb_html_lit(b, "</dt>\n<dd class=\"utrecht-data-list__item-value "
                   "utrecht-data-list__item-value--html-dd\">");
}

void nb_web_dl_item_end(nb_buf *b)
{
    nb_html_lit(b, "</dd></div>\n");
}

void nb_web_dl_item(nb_buf *b, const char *key, const char *value)
{
    nb_web_dl_key(b, key);
    nb_html_text(b, value);
    nb_web_dl_item_end(b);
}

/* ---- POST-redirect-GET and flash messages ------------------------------ */

const char *nb_web_flash_text(int code)
{
    switch (code) {
    case NB_WEB_FLASH_SAVED:
        return "De wijzigingen zijn opgeslagen.";
    case NB_WEB_FLASH_LOGGED_OUT:
        return "U bent uitgelogd.";
    case NB_WEB_FLASH_SESSION_ENDED:
        return "Uw sessie is verlopen of beëindigd. Log opnieuw in.";
    case NB_WEB_FLASH_HOURS_SAVED:
        return "De uren zijn opgeslagen en wachten op goedkeuring door de ambtelijk "
               "opdrachtgever.";
    case NB_WEB_FLASH_APPROVED:
        return "De uren zijn goedgekeurd en in het urengrootboek geboekt.";
    case NB_WEB_FLASH_REJECTED:
        return "De uren zijn afgekeurd; de medewerker ziet de reden.";
    case NB_WEB_FLASH_MT_CHECK_OK:
        return "De controle van het grootboek is uitgevoerd: alles is in orde.";
    case NB_WEB_FLASH_MT_CHECK_BAD:
        return "De controle van het grootboek vond een afwijking; zie hieronder.";
    case NB_WEB_FLASH_MT_PROPOSAL_MADE:
        return "Het teamvoorstel is gemaakt.";
    case NB_WEB_FLASH_MT_PROPOSAL_ACCEPTED:
        return "De gekozen regels zijn geaccepteerd en de uren zijn gereserveerd.";
    case NB_WEB_FLASH_MT_DEPOSIT:
        return "De storting is geboekt.";
    case NB_WEB_FLASH_MT_PERIOD_CLOSED:
        return "De periode is afgesloten.";
    case NB_WEB_FLASH_MT_USER_CREATED:
        return "De gebruiker is aangemaakt.";
    case NB_WEB_FLASH_MT_USER_DISABLED:
        return "De gebruiker is geblokkeerd; zijn sessies zijn beëindigd.";
    case NB_WEB_FLASH_MT_PASSWORD_SET:
        return "Het nieuwe wachtwoord is ingesteld; de sessies van de gebruiker zijn beëindigd.";
    case NB_WEB_FLASH_TOTP_ENROLLED:
        return "Uw tweede factor is gekoppeld. Voortaan vraagt noaber bij het inloggen ook een "
               "code uit de app.";
    case NB_WEB_FLASH_PASSWORD_CHANGED:
        return "Uw wachtwoord is gewijzigd; andere sessies zijn beëindigd.";
    case NB_WEB_FLASH_ASG_CONCEPT:
        return "De opdracht is als concept opgeslagen.";
    case NB_WEB_FLASH_ASG_SUBMITTED:
        return "De opdracht is ingediend.";
    case NB_WEB_FLASH_ASG_STATUS:
        return "De status van de opdracht is gewijzigd.";
    case NB_WEB_FLASH_ASG_CONSENT:
        return "Uw organisatie heeft ingestemd met haar aandeel.";
    case NB_WEB_FLASH_LESSON:
        return "De leerervaring is vastgelegd. Dank u wel.";
    case NB_WEB_FLASH_BUNDLE_FOUND:
        return "Er zijn nieuwe bundelvoorstellen gevonden.";
    case NB_WEB_FLASH_BUNDLE_NONE:
        return "Er zijn geen nieuwe bundelkansen gevonden.";
    case NB_WEB_FLASH_BUNDLE_AGREED:
        return "Uw akkoord is vastgelegd. Het voorstel wacht nog op de andere gemeenten.";
    case NB_WEB_FLASH_BUNDLE_DECLINED:
        return "Uw afwijzing is vastgelegd; het voorstel is beëindigd.";
    case NB_WEB_FLASH_BUNDLE_MERGED:
        return "Alle gemeenten stemden in: de opdrachten zijn samengevoegd.";
    case NB_WEB_FLASH_SETTLED:
        return "De verrekening is vastgelegd: de gekozen saldi staan op nul.";
    default:
        return NULL;
    }
}

int nb_web_redirect(nb_resp *resp, const char *path, nb_web_flash flash)
{
    int ok = path && path[0] == '/' && path[1] != '/' && path[1] != '\\' &&
             strlen(path) < sizeof resp->location;
    for (const char *p = path; ok && *p; p++)
        ok = (unsigned char)*p > 0x20 && (unsigned char)*p < 0x7F;
    snprintf(resp->location, sizeof resp->location, "%s", ok ? path : "/");
    resp->status = 303;
    json_decref(resp->json);
    resp->json = NULL;
    nb_resp_rows_drop(resp);
    resp->is_problem = 0;
    nb_buf_free(&resp->raw);
    resp->content_type = NULL;
    if (flash > NB_WEB_FLASH_NONE && flash < NB_WEB_FLASH_COUNT)
        snprintf(resp->extra_header[0], sizeof resp->extra_header[0],
                 "Set-Cookie: " NB_WEB_FLASH_COOKIE "=%d; Path=/; Max-Age=60; HttpOnly; "
                 "SameSite=Lax",
                 (int)flash);
    return 0;
}

const char *nb_web_cookie(const nb_req *req, const char *name)
{
    if (req->conn == NULL)
        return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

int nb_web_parse_id(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (s == NULL || *s < '1' || *s > '9')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return 0;
}

int64_t nb_web_path_id(const nb_web_req *w)
{
    int64_t id = 0;
    return w->req->nparams > 0 && nb_web_parse_id(w->req->params[0], &id) == 0 ? id : 0;
}

void nb_web_list_href(nb_buf *b, const char *path, const nb_web_param *params, size_t n,
                      int64_t page)
{
    int first = 1;
    (void)nb_html_url(b, path);
    for (size_t i = 0; i < n; i++) {
        if (params[i].value == NULL || params[i].value[0] == '\0')
            continue;
        if (first)
            nb_html_lit(b, "?");
        else
            nb_html_lit(b, "&amp;");
        first = 0;
        nb_html_text(b, params[i].name);
        nb_html_lit(b, "=");
        nb_html_url_component(b, params[i].value);
    }
    if (page > 0) {
        if (first)
            nb_html_lit(b, "?pagina=");
        else
            nb_html_lit(b, "&amp;pagina=");
        nb_html_int(b, page);
    }
}
