/*
 * http/resp.c — building responses: JSON, RFC 9457 problems, HAL lists, and
 * the typed request accessors handlers use.
 */
#include "http/http.h"

#include "util/date.h"
#include "util/log.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *nb_role_name(int role)
{
    switch (role) {
    case NB_ROLE_BEHEER:
        return "beheer";
    case NB_ROLE_COORDINATOR:
        return "coordinator";
    case NB_ROLE_MEDEWERKER:
        return "medewerker";
    case NB_ROLE_LEZER:
        return "lezer";
    default:
        return "publiek";
    }
}

int nb_role_parse(const char *name)
{
    static const int roles[] = {NB_ROLE_BEHEER, NB_ROLE_COORDINATOR, NB_ROLE_MEDEWERKER,
                                NB_ROLE_LEZER};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(name, nb_role_name(roles[i])) == 0)
            return roles[i];
    return 0;
}

/* Forgets a body given as JSON text (nb_resp_json_text). */
static void nb_resp_text_drop(nb_resp *resp)
{
    if (!resp->raw_json)
        return;
    nb_buf_free(&resp->raw);
    resp->content_type = NULL;
    resp->raw_json = 0;
    resp->version = 0;
}

void nb_resp_rows_drop(nb_resp *resp)
{
    nb_buf_free(&resp->rows);
    resp->rows_at = NULL;
    if (resp->stream.free != NULL)
        resp->stream.free(resp->stream.ctx);
    memset(&resp->stream, 0, sizeof resp->stream);
}

int nb_resp_stream(nb_resp *resp, int status, const char *content_type,
                   int (*next)(void *ctx, nb_buf *b), void (*free_ctx)(void *ctx), void *ctx)
{
    nb_resp_rows_drop(resp);
    json_decref(resp->json);
    resp->json = NULL;
    nb_resp_text_drop(resp);
    nb_buf_free(&resp->raw);
    resp->stream = (nb_stream){next, free_ctx, ctx};
    resp->content_type = content_type;
    resp->status = status;
    resp->is_problem = 0;
    return 0;
}

int nb_resp_stream_drain(nb_resp *resp, size_t limit)
{
    int rc = 0;
    if (resp->stream.next == NULL)
        return 0;
    do
        rc = resp->stream.next(resp->stream.ctx, &resp->raw);
    while (rc == 1 && resp->raw.len < limit && !resp->raw.oom);
    if (rc >= 0 && resp->raw.oom)
        rc = NB_ENOMEM;
    if (rc == 1)
        return 1;
    nb_resp_rows_drop(resp); /* frees the stream */
    if (rc < 0)
        nb_buf_free(&resp->raw);
    return rc;
}

int nb_resp_json_rows(nb_resp *resp, int status, json_t *body, const json_t *at)
{
    nb_buf rows = resp->rows;
    resp->rows = (nb_buf)NB_BUF_INIT;
    nb_resp_json(resp, status, body);
    resp->rows = rows;
    resp->rows_at = body ? at : NULL;
    return 0;
}

int nb_resp_rows_inline(nb_resp *resp)
{
    if (resp->raw_json) {
        json_t *j = resp->raw.oom ? NULL : json_loadb(resp->raw.data, resp->raw.len, 0, NULL);
        int rc = j == NULL ? (resp->raw.oom ? NB_ENOMEM : NB_EINVAL) : 0;
        int status = resp->status;
        nb_resp_json(resp, status, j); /* forgets the text */
        return rc;
    }
    if (resp->rows_at == NULL) {
        nb_resp_rows_drop(resp);
        return 0;
    }
    int rc = 0;
    json_t *rows = resp->rows.oom ? NULL : json_loadb(resp->rows.data, resp->rows.len, 0, NULL);
    if (rows == NULL)
        rc = resp->rows.oom ? NB_ENOMEM : NB_EINVAL;
    else if (json_array_extend((json_t *)(uintptr_t)resp->rows_at, rows) != 0)
        rc = NB_ENOMEM;
    json_decref(rows);
    nb_resp_rows_drop(resp);
    return rc;
}

int nb_resp_json(nb_resp *resp, int status, json_t *body)
{
    nb_resp_rows_drop(resp);
    nb_resp_text_drop(resp);
    json_decref(resp->json);
    resp->json = body;
    resp->status = status;
    resp->is_problem = 0;
    return 0;
}

int nb_resp_json_text(nb_resp *resp, int status, nb_buf *text, int64_t version)
{
    nb_resp_json(resp, status, NULL);
    nb_buf_free(&resp->raw);
    resp->raw = *text;
    *text = (nb_buf)NB_BUF_INIT;
    resp->content_type = "application/json";
    resp->raw_json = 1;
    resp->version = version > 0 ? version : 0;
    return 0;
}

const nb_problem_kind nb_problem_kinds[] = {
    {"ongeldige-invoer", "Ongeldige invoer", 400},
    {"niet-geauthenticeerd", "Niet geauthenticeerd", 401},
    {"geen-toegang", "Geen toegang", 403},
    {"niet-gevonden", "Niet gevonden", 404},
    {"methode-niet-toegestaan", "Methode niet toegestaan", 405},
    {"niet-acceptabel", "Niet acceptabel", 406},
    {"conflict", "Conflict", 409},
    {"voorwaarde-niet-vervuld", "Voorwaarde niet vervuld", 412},
    {"verzoek-te-groot", "Verzoek te groot", 413},
    {"uri-te-lang", "URI te lang", 414},
    {"mediatype-niet-ondersteund", "Mediatype niet ondersteund", 415},
    {"regel-overtreden", "Regel overtreden", 422},
    {"te-veel-verzoeken", "Te veel verzoeken", 429},
    {"headers-te-groot", "Headers te groot", 431},
    {"interne-fout", "Interne fout", 500},
    {"bezet", "Bezet", 503},
    {"ongeldige-json", "Ongeldige JSON", 0},
    {"onverwachte-body", "Onverwachte body", 0},
    {"ongeldig-pad", "Ongeldig pad", 0},
    {"host-ontbreekt", "Host ontbreekt", 0},
    {"onbekende-week", "Onbekende week", 0},
    {"onbekend-vak", "Onbekend vak", 0},
    {"onvolledig-formulier", "Onvolledig formulier", 0},
    {"ongeldig-formulier", "Ongeldig formulier", 0},
    {"formulier-verlopen", "Formulier verlopen", 0},
    {"verzoek-van-een-andere-site", "Verzoek van een andere site", 0},
    {"formulier-te-groot", "Formulier te groot", 0},
    {"niets-te-beoordelen", "Niets te beoordelen", 0},
    {"niet-mogelijk", "Niet mogelijk", 0},
    {"geen-concept-meer", "Geen concept meer", 0},
    {"te-groot-voor-dit-formulier", "Te groot voor dit formulier", 0},
    {"al-beoordeeld", "Al beoordeeld", 0},
    {"periode-afgesloten", "Periode afgesloten", 0},
    {"ongeldige-statusovergang", "Ongeldige statusovergang", 0},
    {"opdracht-niet-in-te-zetten", "Opdracht niet in te zetten", 0},
    {"instemming-ontbreekt", "Instemming ontbreekt", 0},
    {"nog-niet-beoordeelde-uren", "Nog niet beoordeelde uren", 0},
    {"uren-niet-te-registreren", "Uren niet te registreren", 0},
    {"medewerker-niet-actief", "Medewerker niet actief", 0},
    {"regel-al-ingepland", "Regel al ingepland", 0},
    {"server-stopt", "Server stopt", 0},
    {"database-onbereikbaar", "Database onbereikbaar", 0},
    {"grootboek/onvoldoende-beschikbaar", "Onvoldoende beschikbare uren", 0},
    {"grootboek/deels-bestaand", "Deels bestaande boekingen", 0},
    {"grootboek/id-bestaat-met-andere-inhoud", "Id al gebruikt", 0},
    {"grootboek/al-geboekt", "Reservering al geboekt", 0},
    {"grootboek/al-vrijgegeven", "Reservering al vrijgegeven", 0},
    {"grootboek/al-teruggeboekt", "Al teruggeboekt", 0},
    {"grootboek/meer-dan-gereserveerd", "Meer dan gereserveerd", 0},
    {"grootboek/te-groot", "Te groot", 0},
    {"grootboek/uurtarief-niet-ingesteld", "Uurtarief niet ingesteld", 0},
    {"verrekening/periode-open", "Periode niet afgesloten", 0},
    {"verrekening/al-verrekend", "Al verrekend", 0},
    {NULL, NULL, 0},
};

static const nb_problem_kind *nb_problem_default(int status)
{
    for (const nb_problem_kind *k = nb_problem_kinds; k->slug; k++)
        if (k->status == status)
            return k;
    return &nb_problem_kinds[0]; /* 400: never reached for the statuses the server answers */
}

static const nb_problem_kind *nb_problem_by_title(int status, const char *title)
{
    for (const nb_problem_kind *k = nb_problem_kinds; k->slug; k++)
        if (strcmp(k->title, title) == 0)
            return k;
    return nb_problem_default(status);
}

void nb_resp_problem_finish(nb_resp *resp, const char *path)
{
    if (!resp->is_problem || resp->json == NULL)
        return;
    const char *type = json_string_value(json_object_get(resp->json, "type"));
    size_t base = strlen(NB_PROBLEM_BASE);
    if (type && strncmp(type, NB_PROBLEM_BASE, base) == 0)
        for (const nb_problem_kind *k = nb_problem_kinds; k->slug; k++)
            if (strcmp(k->slug, type + base) == 0) {
                json_object_set_new(resp->json, "title", json_string(k->title));
                break;
            }
    if (path)
        json_object_set_new(resp->json, "instance", json_string(path));
}

int nb_resp_problem(nb_resp *resp, int status, const char *title, const char *fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    json_t *invalid = NULL, *left_out = NULL;
    if (resp->is_problem && resp->json) {
        invalid = json_incref(json_object_get(resp->json, "invalidParams"));
        left_out = json_incref(json_object_get(resp->json, NB_RESP_LEFT_OUT));
    }
    json_decref(resp->json);
    nb_resp_rows_drop(resp);
    nb_resp_text_drop(resp);
    const nb_problem_kind *k = nb_problem_by_title(status, title);
    char type[160];
    snprintf(type, sizeof type, "%s%s", NB_PROBLEM_BASE, k->slug);
    resp->json = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", k->title, "status",
                           status, "detail", detail);
    if (invalid)
        json_object_set_new(resp->json, "invalidParams", invalid);
    if (left_out)
        json_object_set_new(resp->json, NB_RESP_LEFT_OUT, left_out);
    resp->status = status;
    resp->is_problem = 1;
    return 0;
}

/* Cuts s before a trailing UTF-8 sequence that snprintf left incomplete, so
 * that a name or reason cut to its buffer still packs as a JSON string. */
static void nb_utf8_cut(char *s)
{
    size_t n = strlen(s), i = n, cont = 0;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && cont < 3)
        i--, cont++;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (lead >= 0xC0 && cont < want)
        s[i - 1] = '\0';
}

void nb_resp_invalid(nb_resp *resp, const char *name, const char *fmt, ...)
{
    char reason[512], cut[256];
    if (!resp->is_problem || resp->json == NULL)
        nb_resp_problem(resp, 400, "Ongeldige invoer",
                        "Een of meer parameters zijn ongeldig; zie invalidParams.");
    json_t *list = json_object_get(resp->json, "invalidParams");
    if (list == NULL) {
        list = json_array();
        json_object_set_new(resp->json, "invalidParams", list);
    }
    if (json_array_size(list) >= NB_RESP_MAX_INVALID) {
        /* A small body must not buy a huge answer: count the rest. */
        json_int_t n = json_integer_value(json_object_get(resp->json, NB_RESP_LEFT_OUT));
        json_object_set_new(resp->json, NB_RESP_LEFT_OUT, json_integer(n + 1));
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    nb_utf8_cut(reason);
    snprintf(cut, sizeof cut, "%s", name);
    nb_utf8_cut(cut);
    json_t *item = json_pack("{s:s, s:s}", "name", cut, "reason", reason);
    if (item == NULL) /* still not UTF-8: name the problem without echoing the name */
        item = json_pack("{s:s, s:s}", "name", "(onleesbare naam)", "reason", "is ongeldig");
    json_array_append_new(list, item);
}

void nb_resp_invalid_enum(nb_resp *resp, const char *name, const char *const *values)
{
    nb_buf list = NB_BUF_INIT;
    for (const char *const *v = values; *v; v++)
        nb_buf_printf(&list, "%s%s", v == values ? "" : ", ", *v);
    nb_resp_invalid(resp, name, "moet een van deze waarden zijn: %s", nb_buf_cstr(&list));
    nb_buf_free(&list);
}

int nb_resp_from_err(nb_resp *resp, int code, const nb_err *err)
{
    const char *msg = err ? err->msg : "";
    if (code == NB_EBUSY || !(code == NB_ENOTFOUND || code == NB_ECONFLICT || code == NB_ELIMIT ||
                              code == NB_EINVAL || code == NB_EFORBIDDEN)) {
        /* 503 and 500: the cause goes to the log, never to the client. */
        nb_log(code == NB_EBUSY ? NB_LOG_WARN : NB_LOG_ERROR, "answering %d (%s): %s",
               code == NB_EBUSY ? 503 : 500, nb_err_name(code), msg[0] ? msg : "(no message)");
        resp->location[0] = '\0';
        memset(resp->extra_header, 0, sizeof resp->extra_header);
    }
    switch (code) {
    case NB_ENOTFOUND:
        return nb_resp_problem(resp, 404, "Niet gevonden", "%s", msg);
    case NB_ECONFLICT:
        return nb_resp_problem(resp, 409, "Conflict", "%s", msg);
    case NB_ELIMIT:
        return nb_resp_problem(resp, 422, "Regel overtreden", "%s", msg);
    case NB_EINVAL:
        return nb_resp_problem(resp, 400, "Ongeldige invoer", "%s", msg);
    case NB_EFORBIDDEN:
        return nb_resp_problem(resp, 403, "Geen toegang", "%s", msg);
    case NB_EBUSY:
        snprintf(resp->extra_header[0], sizeof resp->extra_header[0], "Retry-After: %d",
                 NB_RESP_RETRY_AFTER);
        return nb_resp_problem(resp, 503, "Bezet", "De database is bezet; probeer het opnieuw.");
    default:
        return nb_resp_problem(resp, 500, "Interne fout",
                               "Er ging iets mis bij het verwerken van het verzoek.");
    }
}

const char *nb_req_query(const nb_req *req, const char *name)
{
    if (req->conn == NULL) {
        for (const char *const *q = req->query; q && q[0]; q += 2)
            if (strcmp(q[0], name) == 0)
                return q[1];
        return NULL;
    }
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int nb_parse_i64(const char *s, int64_t *out)
{
    if (s == NULL || *s == '\0' || strlen(s) > 18)
        return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

int nb_req_query_id(const nb_req *req, nb_resp *resp, const char *name, int64_t *out)
{
    const char *v = nb_req_query(req, name);
    *out = 0;
    if (v == NULL)
        return 0;
    if (nb_parse_i64(v, out) != 0 || *out < 1) {
        *out = 0;
        nb_resp_invalid(resp, name, "moet een positief geheel getal (id) zijn");
        return 1;
    }
    return 0;
}

int nb_req_query_date(const nb_req *req, nb_resp *resp, const char *name, const char **out)
{
    int32_t day;
    *out = nb_req_query(req, name);
    if (*out == NULL || nb_date_parse(*out, &day) == 0)
        return 0;
    *out = NULL;
    nb_resp_invalid(resp, name, "moet een bestaande datum zijn in de vorm JJJJ-MM-DD");
    return 1;
}

int nb_req_query_enum(const nb_req *req, nb_resp *resp, const char *name, const char *const *values,
                      const char **out)
{
    *out = nb_req_query(req, name);
    if (*out == NULL)
        return 0;
    for (const char *const *v = values; *v; v++)
        if (strcmp(*v, *out) == 0)
            return 0;
    *out = NULL;
    nb_resp_invalid_enum(resp, name, values);
    return 1;
}

int nb_req_query_sort(const nb_req *req, nb_resp *resp, const nb_sort_field *fields, nb_sort *out)
{
    const char *v = nb_req_query(req, NB_SORT_PARAM);
    out->n = 0;
    if (v == NULL)
        return 0;
    nb_buf bad = NB_BUF_INIT;
    int nbad = 0, n = 0;
    const char *p = v;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int desc = len > 0 && p[0] == '-';
        const char *name = p + desc;
        size_t nlen = len - (size_t)desc;
        int found = -1;
        for (int i = 0; fields[i].name; i++)
            if (strlen(fields[i].name) == nlen && strncmp(fields[i].name, name, nlen) == 0)
                found = i;
        int repeated = 0;
        for (int k = 0; k < n && found >= 0; k++)
            repeated |= out->field[k] == found;
        if (found < 0 || repeated || n == NB_SORT_MAX) {
            nb_buf_printf(&bad, "%s'%.*s'%s", nbad ? ", " : "", (int)(nlen > 64 ? 64 : nlen), name,
                          found < 0  ? ""
                          : repeated ? " (dubbel)"
                                     : " (te veel velden)");
            nbad++;
        } else {
            out->field[n] = found;
            out->desc[n] = (char)desc;
            n++;
        }
        if (end == NULL)
            break;
        p = end + 1;
    }
    if (nbad == 0) {
        out->n = n;
        nb_buf_free(&bad);
        return 0;
    }
    nb_buf allowed = NB_BUF_INIT;
    for (int i = 0; fields[i].name; i++)
        nb_buf_printf(&allowed, "%s%s", i ? ", " : "", fields[i].name);
    nb_resp_invalid(resp, NB_SORT_PARAM,
                    "onbekend of ongeldig sorteerveld %s; toegestaan (hoogstens %d, '-' voor "
                    "aflopend): %s",
                    nb_buf_cstr(&bad), NB_SORT_MAX, nb_buf_cstr(&allowed));
    nb_buf_free(&allowed);
    nb_buf_free(&bad);
    out->n = 0;
    return 1;
}

int nb_req_path_id(const nb_req *req, nb_resp *resp, int i, int64_t *out)
{
    if (i >= req->nparams || nb_parse_i64(req->params[i], out) != 0 || *out <= 0) {
        nb_resp_problem(resp, 404, "Niet gevonden", "'%s' is geen geldig id.",
                        i < req->nparams ? req->params[i] : "");
        return NB_ENOTFOUND;
    }
    return 0;
}

int nb_req_page(const nb_req *req, nb_resp *resp, nb_page *out)
{
    int rc = 0;
    const char *p = nb_req_query(req, "pagina");
    const char *s = nb_req_query(req, "paginaGrootte");
    const char *na = nb_req_query(req, "na");
    out->page = 1;
    out->size = 20;
    out->keyset = na != NULL;
    out->after = 0;
    out->next_after = 0;
    if (na && (nb_parse_i64(na, &out->after) != 0 || out->after < 0)) {
        nb_resp_invalid(resp, "na", "moet een id (geheel getal vanaf 0) zijn");
        rc = NB_EINVAL;
    } else if (na && (p != NULL || nb_req_query(req, "sorteer") != NULL)) {
        nb_resp_invalid(resp, "na",
                        "gaat niet samen met pagina of sorteer: na bladert in de volgorde van id");
        rc = NB_EINVAL;
    }
    if (p && (nb_parse_i64(p, &out->page) != 0 || out->page < 1 || out->page > 1000000)) {
        nb_resp_invalid(resp, "pagina", "moet een geheel getal vanaf 1 zijn");
        rc = NB_EINVAL;
    }
    if (s && (nb_parse_i64(s, &out->size) != 0 || out->size < 1 || out->size > 100)) {
        nb_resp_invalid(resp, "paginaGrootte", "moet een geheel getal van 1 tot en met 100 zijn");
        rc = NB_EINVAL;
    }
    return rc;
}

/* Collects the query string without pagina (for links), URL-encoded again. */
static enum MHD_Result nb_query_collect(void *cls, enum MHD_ValueKind kind, const char *key,
                                        const char *value)
{
    nb_buf *b = cls;
    (void)kind;
    if (strcmp(key, "pagina") == 0 || strcmp(key, "na") == 0)
        return MHD_YES;
    nb_buf_printf(b, "%s=", key);
    for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            nb_buf_putc(b, (char)*p);
        else
            nb_buf_printf(b, "%%%02X", *p);
    }
    nb_buf_putc(b, '&');
    return MHD_YES;
}

/* The link to page `page`, or with name "na" to the keyset page after id
 * `page` (rest: the other query parameters, each followed by '&'). */
static json_t *nb_hal_link_to(const nb_req *req, const char *rest, const char *name, int64_t page)
{
    char *href = NULL;
    nb_buf b = NB_BUF_INIT;
    nb_buf_printf(&b, "%s%s?%s%s=%lld", req->base_url, req->path, rest, name, (long long)page);
    href = nb_buf_steal(&b);
    json_t *link = json_pack("{s:s}", "href", href ? href : "");
    free(href);
    return link;
}

static json_t *nb_hal_page_link(const nb_req *req, const char *rest, int64_t page)
{
    return nb_hal_link_to(req, rest, "pagina", page);
}

/* A keyset page (page->keyset): self, first (na=0) and, after a full page,
 * next (na=<its last id>); no totaal, pagina or last — nothing was counted. */
static json_t *nb_hal_keyset(const nb_req *req, const char *name, json_t *items,
                             const nb_page *page, const char *rest)
{
    json_t *links = json_object();
    json_object_set_new(links, "self", nb_hal_link_to(req, rest, "na", page->after));
    json_object_set_new(links, "first", nb_hal_link_to(req, rest, "na", 0));
    if (page->next_after > 0)
        json_object_set_new(links, "next", nb_hal_link_to(req, rest, "na", page->next_after));
    json_t *embedded = json_object();
    json_object_set_new(embedded, name, items);
    return json_pack("{s:o, s:o, s:I}", "_links", links, "_embedded", embedded, "paginaGrootte",
                     (json_int_t)page->size);
}

json_t *nb_hal_list(const nb_req *req, const char *name, json_t *items, int64_t total,
                    const nb_page *page)
{
    nb_buf rest = NB_BUF_INIT;
    if (req->conn)
        MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, nb_query_collect, &rest);
    if (page->keyset) {
        json_t *j = nb_hal_keyset(req, name, items, page, nb_buf_cstr(&rest));
        nb_buf_free(&rest);
        return j;
    }
    int64_t last = total == 0 ? 1 : (total + page->size - 1) / page->size;
    json_t *links = json_object();
    json_object_set_new(links, "self", nb_hal_page_link(req, nb_buf_cstr(&rest), page->page));
    json_object_set_new(links, "first", nb_hal_page_link(req, nb_buf_cstr(&rest), 1));
    if (page->page > 1)
        json_object_set_new(links, "prev",
                            nb_hal_page_link(req, nb_buf_cstr(&rest),
                                             page->page - 1 < last ? page->page - 1 : last));
    if (page->page < last)
        json_object_set_new(links, "next",
                            nb_hal_page_link(req, nb_buf_cstr(&rest), page->page + 1));
    json_object_set_new(links, "last", nb_hal_page_link(req, nb_buf_cstr(&rest), last));
    nb_buf_free(&rest);
    json_t *embedded = json_object();
    json_object_set_new(embedded, name, items);
    return json_pack("{s:o, s:o, s:I, s:I, s:I}", "_links", links, "_embedded", embedded, "totaal",
                     (json_int_t)total, "pagina", (json_int_t)page->page, "paginaGrootte",
                     (json_int_t)page->size);
}

json_t *nb_hal_self(const nb_req *req, const char *collection, int64_t id)
{
    char href[512];
    snprintf(href, sizeof href, "%s/api/v1/%s/%lld", req->base_url, collection, (long long)id);
    return json_pack("{s:{s:s}}", "self", "href", href);
}
