/*
 * web/layout.h — the frame of every page, form helpers, tables and data
 * lists, and POST-redirect-GET, in one place.
 *
 * A page handler writes nb_web_begin, its content (html.h functions only),
 * nb_web_end, then nb_web_reply. The frame: <html lang="nl"> with the
 * voorbeeld theme class, the stylesheets (web/static.c), a skip link to the
 * main landmark, the NL Design System page header with the navigation for
 * the caller's role (the page table's nav rows), the flash message, <main>,
 * and the footer with the toegankelijkheidsverklaring and privacyverklaring.
 *
 * Forms follow the GOV.UK / NL Design System pattern: each error next to its
 * field and in an error summary at the top whose links go to the fields.
 */
#ifndef NB_WEB_LAYOUT_H
#define NB_WEB_LAYOUT_H

#include "util/attr.h"
#include "web/web.h"

/* Opens a page: everything up to and including <main> and its <h1>
 * (title, escaped). who picks the navigation and, when logged in, the name
 * and logout button in the header (sess, may be NULL, gives its CSRF
 * token); current is the path shown as current in the navigation; flash is
 * a message to show first (NULL = none). */
void nb_web_layout_begin(nb_buf *b, const nb_principal *who, const nb_web_sess *sess,
                         const nb_web_page *pages, size_t npages, const char *current,
                         const char *title, const char *flash);

/* nb_web_layout_begin for a handler: title from the page table, flash from
 * the request (nb_web_run read and cleared the flash cookie). */
void nb_web_begin(nb_buf *b, const nb_web_req *w);

/* Closes <main>, writes the footer and closes the document. */
void nb_web_end(nb_buf *b);

/* Moves b into resp as text/html with status. Returns 0, or NB_ENOMEM when b
 * ran out of memory (b is freed either way). */
int nb_web_reply(nb_resp *resp, int status, nb_buf *b);

/* ---- Forms -------------------------------------------------------------- */

/* Opens a POST form to action (a path; written with nb_html_url) with the
 * NL Design System form class and novalidate, and the hidden CSRF field of
 * the request's session when it has one. Every state-changing form is opened
 * with this (nb_web_run refuses a session's POST without the token); close it
 * with nb_html_lit(b, "</form>\n"). */
void nb_web_form_open(nb_buf *b, const nb_web_req *w, const char *action);

#define NB_WEB_MAX_ERRORS 32

/* Errors of one submitted form: field name (the input's id) and a Dutch
 * message. Both are copied (cut to fit). */
typedef struct nb_web_errors {
    int count;
    struct {
        char field[64];
        char message[256];
    } e[NB_WEB_MAX_ERRORS];
} nb_web_errors;

void nb_web_error_add(nb_web_errors *errs, const char *field, const char *message);

/*
 * Optimistic concurrency on the pages (docs/web.md "Two editors"): a form
 * that edits a versioned resource carries its versie in the hidden field
 * "versie" (nb_web_form_version writes it into b). nb_web_form_stale is 1
 * when the posted form names a versie (form borrowed) that is not current —
 * then the page writes nothing and shows the form again with the current
 * values and NB_WEB_STALE_MESSAGE (status 409). A form without versie (an
 * old page, a script) is not stale, as a missing If-Match in the API.
 */
#define NB_WEB_STALE_MESSAGE                                                            \
    "Iemand anders heeft dit intussen gewijzigd. Hieronder staan de huidige gegevens; " \
    "breng uw wijziging opnieuw aan en sla dan op."
void nb_web_form_version(nb_buf *b, int64_t versie);
NB_MUST_USE int nb_web_form_stale(const nb_web_form *form, int64_t current);

/* The message for field, or NULL. */
const char *nb_web_error_for(const nb_web_errors *errs, const char *field);

/* The error summary (nothing when there are no errors): an alert with the
 * heading "Er ging iets mis", role="alert" and one link "#field" per error. */
void nb_web_error_summary(nb_buf *b, const nb_web_errors *errs);

/* One form field: label (for=id), optional description, the error (if any)
 * right above the input, and the input itself with aria-describedby and
 * aria-invalid. type: "text", "password", "email", "number", "date".
 * value (NULL = empty) is what was typed, shown again; never pass a password.
 * autocomplete may be NULL. */
void nb_web_form_field(nb_buf *b, const nb_web_errors *errs, const char *name, const char *type,
                       const char *label, const char *description, const char *value,
                       const char *autocomplete);

/* nb_web_form_field of type text (autocomplete off) without a description of
 * its own: its aria-describedby names hint_id, the id of an explanation that
 * several fields share and the caller writes once (e.g. in the fieldset's
 * introduction: the form says it once, each field points to it), then the
 * field's error if any. */
void nb_web_form_field_hinted(nb_buf *b, const nb_web_errors *errs, const char *name,
                              const char *label, const char *hint_id, const char *value);

/* nb_web_form_field of type text (autocomplete off) whose input names the
 * <datalist> with id list (the caller writes it, e.g. web/person_field.h):
 * the browser suggests its options as one types, without JavaScript. */
void nb_web_form_field_list(nb_buf *b, const nb_web_errors *errs, const char *name,
                            const char *label, const char *description, const char *value,
                            const char *list);

/* One choice of a select: value sent and label shown (both borrowed). */
typedef struct nb_web_option {
    const char *value;
    const char *label;
} nb_web_option;

/* A select field laid out like nb_web_form_field (label, description, error,
 * aria-describedby, aria-invalid): options[0..n) in order, the one whose
 * value equals value (NULL = none) selected. An option with value "" is the
 * "choose" prompt. */
void nb_web_form_select(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                        const char *description, const nb_web_option *options, size_t n,
                        const char *value);

/* A checkbox laid out like nb_web_form_field: the error above it, the box
 * (sending value when ticked; an unticked box sends nothing), its label after
 * it, the description under it, aria-describedby and aria-invalid; checked
 * keeps what was ticked. */
void nb_web_form_checkbox(nb_buf *b, const nb_web_errors *errs, const char *name, const char *value,
                          const char *label, const char *description, int checked);

/* A textarea laid out like nb_web_form_field, with value (NULL = empty) as
 * its content. */
void nb_web_form_textarea(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                          const char *description, const char *value);

/* The same select field in three calls, for options made on the fly: nb_web_select_open writes the label,
 * optional description, the error for name (if any) and <select> with
 * aria-describedby / aria-invalid; nb_web_select_option one <option>
 * (selected when value equals current, which may be NULL); nb_web_select_close
 * closes it. All text is escaped. */
void nb_web_select_open(nb_buf *b, const nb_web_errors *errs, const char *name, const char *label,
                        const char *description);
void nb_web_select_option(nb_buf *b, const char *value, const char *label, const char *current);
void nb_web_select_close(nb_buf *b);

/* ---- Tables and data lists ---------------------------------------------- */

/* One column of a table head: label (escaped); numeric right-aligns it like
 * the numeric cells below it; id (NULL = none) for cells that name their
 * column (the week grid's aria-labelledby). */
typedef struct nb_web_col {
    const char *label;
    int numeric;
    const char *id;
} nb_web_col;

/* Opens a table in its focusable scrolling region (a table wider than the
 * screen scrolls there, never the page): <div> with tabindex="0",
 * role="region" and aria-labelledby=id, the NL Design System table and its
 * caption (escaped) with that id, a literal unique on the page. caption NULL:
 * id names an element already on the page (a heading) that labels the region
 * and the table, and there is no caption. region_class and table_class
 * (NULL = none) are added to the region's and the table's classes. Then
 * nb_web_table_head, the rows, nb_web_table_close. */
void nb_web_table_open(nb_buf *b, const char *id, const char *caption, const char *region_class,
                       const char *table_class);

/* The head row: cols[0..n), each <th scope="col">; then opens the body. With
 * n 0 there is no head (a table of row headers), only the body. */
void nb_web_table_head(nb_buf *b, const nb_web_col *cols, size_t n);
#define NB_WEB_TABLE_HEAD(b, cols) nb_web_table_head((b), (cols), sizeof(cols) / sizeof((cols)[0]))

/* Closes the body, the table and its region. */
void nb_web_table_close(nb_buf *b);

/* Opens a row with its row header cell (<th scope="row">): the caller writes
 * the header's content and "</th>", then the row's cells and "</tr>". */
void nb_web_row_head_open(nb_buf *b);

/* A row header cell with text (escaped) and the row's one numeric cell
 * value (escaped): a row of a table of figures. */
void nb_web_figure_row(nb_buf *b, const char *term, const char *value);

/* Writes the href of page n of a list — path and query, escaped with
 * nb_html_url / nb_html_url_component — for nb_web_pager. */
typedef void (*nb_web_page_href)(nb_buf *b, const void *ctx, int64_t n);

/* The pager under a list of pages pages (nothing when pages <= 1): a <nav>
 * named label (escaped), "Pagina page van pages" and the links to the
 * first, previous, next and last page (rel first/prev/next/last) that
 * exist, their hrefs written by href(b, ctx, n). Hidden in print. */
void nb_web_pager(nb_buf *b, const char *label, int64_t page, int64_t pages, nb_web_page_href href,
                  const void *ctx);

/* A data list (NL Design System utrecht-data-list, rows variant): facts as
 * key and value, stacked when the screen is narrow. nb_web_dl_open, items,
 * nb_web_dl_close. */
void nb_web_dl_open(nb_buf *b);
void nb_web_dl_close(nb_buf *b);

/* One item: key and value, both escaped. */
void nb_web_dl_item(nb_buf *b, const char *key, const char *value);

/* One item whose value is HTML the caller writes: nb_web_dl_key writes the
 * key (escaped) and opens the value; nb_web_dl_item_end closes the item. */
void nb_web_dl_key(nb_buf *b, const char *key);
void nb_web_dl_item_end(nb_buf *b);

/* ---- POST-redirect-GET and flash messages ------------------------------ */

/* The fixed messages a redirect can carry (the cookie holds the number, so
 * no text from a request ever reaches a page through it). */
typedef enum nb_web_flash {
    NB_WEB_FLASH_NONE = 0,
    NB_WEB_FLASH_SAVED,         /* "De wijzigingen zijn opgeslagen." */
    NB_WEB_FLASH_LOGGED_OUT,    /* "U bent uitgelogd." */
    NB_WEB_FLASH_SESSION_ENDED, /* "Uw sessie is verlopen ..." */
    NB_WEB_FLASH_HOURS_SAVED,   /* "De uren zijn opgeslagen ..." (week grid) */
    NB_WEB_FLASH_APPROVED,      /* "De uren zijn goedgekeurd en geboekt." */
    NB_WEB_FLASH_REJECTED,      /* "De uren zijn afgekeurd." */
    /* Netwerk-MT (web/mt_*.c) */
    NB_WEB_FLASH_MT_CHECK_OK,          /* "De controle van het grootboek is in orde." */
    NB_WEB_FLASH_MT_CHECK_BAD,         /* "De controle ... vond een afwijking ..." */
    NB_WEB_FLASH_MT_PROPOSAL_MADE,     /* "Het teamvoorstel is gemaakt." */
    NB_WEB_FLASH_MT_PROPOSAL_ACCEPTED, /* "De gekozen regels zijn geaccepteerd ..." */
    NB_WEB_FLASH_MT_DEPOSIT,           /* "De storting is geboekt." */
    NB_WEB_FLASH_MT_PERIOD_CLOSED,     /* "De periode is afgesloten." */
    NB_WEB_FLASH_MT_USER_CREATED,      /* "De gebruiker is aangemaakt." */
    NB_WEB_FLASH_MT_USER_DISABLED,     /* "De gebruiker is geblokkeerd ..." */
    NB_WEB_FLASH_MT_PASSWORD_SET,      /* "Het nieuwe wachtwoord is ingesteld ..." */
    /* Mijn account (web/account_*.c) */
    NB_WEB_FLASH_TOTP_ENROLLED,    /* "Uw tweede factor is gekoppeld." */
    NB_WEB_FLASH_PASSWORD_CHANGED, /* "Uw wachtwoord is gewijzigd; andere sessies ..." */
    NB_WEB_FLASH_ASG_CONCEPT,      /* "De opdracht is als concept opgeslagen." */
    NB_WEB_FLASH_ASG_SUBMITTED,    /* "De opdracht is ingediend." */
    NB_WEB_FLASH_ASG_STATUS,       /* "De status van de opdracht is gewijzigd." */
    NB_WEB_FLASH_ASG_CONSENT,      /* "Uw organisatie heeft ingestemd." */
    NB_WEB_FLASH_LESSON,           /* "De leerervaring is vastgelegd." */
    /* Bundling (web/bundels.c) */
    NB_WEB_FLASH_BUNDLE_FOUND,    /* "Er zijn nieuwe bundelvoorstellen gevonden." */
    NB_WEB_FLASH_BUNDLE_NONE,     /* "Er zijn geen nieuwe bundelkansen gevonden." */
    NB_WEB_FLASH_BUNDLE_AGREED,   /* "Uw akkoord is vastgelegd ..." */
    NB_WEB_FLASH_BUNDLE_DECLINED, /* "Uw afwijzing is vastgelegd ..." */
    NB_WEB_FLASH_BUNDLE_MERGED,   /* "Alle gemeenten stemden in ..." */
    /* Settlement (web/verrekeningen.c) */
    NB_WEB_FLASH_SETTLED, /* "De verrekening is vastgelegd ..." */
    NB_WEB_FLASH_COUNT
} nb_web_flash;

/* Dutch text of a flash code; NULL for NONE or an unknown code. Static. */
const char *nb_web_flash_text(int code);

/* 303 See Other to path (must start with one '/'; else "/") with the flash
 * message set in a short-lived cookie. Returns 0. */
int nb_web_redirect(nb_resp *resp, const char *path, nb_web_flash flash);

/* The value of request cookie name, or NULL (borrowed). */
const char *nb_web_cookie(const nb_req *req, const char *name);

/* A positive decimal id in s (NULL = none) into *out: 0, or -1 when s is not one. */
NB_MUST_USE int nb_web_parse_id(const char *s, int64_t *out);

/* The page's first path parameter ("/opdrachten/{id}") as a positive id, or 0. */
int64_t nb_web_path_id(const nb_web_req *w);

/* One filter of a list page: its query name and value (NULL or "" = not set). */
typedef struct nb_web_param {
    const char *name, *value;
} nb_web_param;

/* The href of a list page with its filters — path (a literal starting with
 * '/'), then "?" and name=value for every param that is set, in the given
 * order, joined by "&amp;" (values escaped with nb_html_url_component), then
 * pagina=page when page > 0 — for the pager's and sort links, so that every
 * link keeps every filter. */
void nb_web_list_href(nb_buf *b, const char *path, const nb_web_param *params, size_t n,
                      int64_t page);

#endif
