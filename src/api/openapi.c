/*
 * api/openapi.c — /api/v1/openapi.json (and `noaber openapi`), generated
 * from the route table.
 *
 * Paths, methods, parameters, request bodies, roles and security come from
 * the table (src/api/routes.c); request schemas from the nb_schema the server
 * validates bodies with; response schemas from the NB_SCHEMA_OUT table each
 * resource keeps next to its serialiser (tests/contract checks every real
 * response against them). Because the document is generated, it cannot list
 * a route the server lacks or miss one it has. Paths are written relative to
 * servers[0].url, "/api/v1", as the ADR's uri-version rule asks.
 */
#include "api/api.h"

#include "store/people_rules.h"
#include "util/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define NB_OPENAPI_PREFIX "/api/v1"

static json_t *nb_openapi_problem_schema(void)
{
    json_t *schema = json_pack(
        "{s:s, s:s, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s, s:i, s:i, s:s}, "
        "s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:i, s:s, s:{s:s, s:b, s:{s:{s:s, s:s}, "
        "s:{s:s, s:s}}, s:[s, s]}}, s:{s:s, s:s}}, s:[s, s, s, s]}",
        "type", "object", "description",
        "Foutmelding volgens RFC 9457 (application/problem+json); sommige problemen hebben "
        "extra velden (bijvoorbeeld organisatieId en tekortMinuten bij te weinig ruimte)",
        "properties", "type", "type", "string", "format", "uri", "description",
        "Soort probleem (https://noaber.nl/problemen/...)", "title", "type", "string",
        "description", "Korte Nederlandse omschrijving van de soort", "status", "type", "integer",
        "format", "int32", "minimum", 400, "maximum", 599, "description", "De HTTP-status",
        "detail", "type", "string", "description", "Wat er in dit geval mis is", "instance", "type",
        "string", "description",
        "Dit geval: het pad van het verzoek (zonder query), bijvoorbeeld "
        "/api/v1/organisaties/5; ontbreekt alleen als het pad zelf ongeldig is",
        "invalidParams", "type", "array", "maxItems", NB_RESP_MAX_INVALID, "description",
        "Elk ongeldig veld of elke ongeldige parameter", "items", "type", "object",
        "additionalProperties", 0, "properties", "name", "type", "string", "description",
        "Het veld (JSON-pad, bijvoorbeeld regels[2].niveau) of de parameter", "reason", "type",
        "string", "description", "Wat eraan mankeert", "required", "name", "reason",
        NB_RESP_LEFT_OUT, "type", "integer", "description",
        "Aantal problemen dat niet meer in invalidParams past", "required", "type", "title",
        "status", "detail");
    /* The type is one of the table's, each with its one title (docs/api.md). */
    json_t *types = json_array(),
           *prop = json_object_get(json_object_get(schema, "properties"), "type");
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "Soort probleem; elke soort heeft één titel:");
    for (const nb_problem_kind *k = nb_problem_kinds; k->slug; k++) {
        char uri[160];
        snprintf(uri, sizeof uri, "%s%s", NB_PROBLEM_BASE, k->slug);
        json_array_append_new(types, json_string(uri));
        if (n < sizeof text)
            n += (size_t)snprintf(text + n, sizeof text - n, "%s %s = %s",
                                  k == nb_problem_kinds ? "" : ";", k->slug, k->title);
    }
    json_object_set_new(prop, "enum", types);
    json_object_set_new(prop, "description", json_string(text));
    return schema;
}

static json_t *nb_openapi_headers(int location, int etag)
{
    json_t *h = json_pack("{s:{s:s}}", "API-Version", "$ref", "#/components/headers/API-Version");
    if (location)
        json_object_set_new(h, "Location",
                            json_pack("{s:s}", "$ref", "#/components/headers/Location"));
    if (etag)
        json_object_set_new(h, "ETag", json_pack("{s:s}", "$ref", "#/components/headers/ETag"));
    return h;
}

static json_t *nb_openapi_problem_response(const char *description)
{
    return json_pack("{s:s, s:o, s:{s:{s:{s:s}}}}", "description", description, "headers",
                     nb_openapi_headers(0, 0), "content", "application/problem+json", "schema",
                     "$ref", "#/components/schemas/Probleem");
}

static const char *nb_openapi_status_text(int code)
{
    switch (code) {
    case 400:
        return "Ongeldige invoer of parameters (ook een queryparameter die deze operatie niet "
               "kent); invalidParams noemt elk probleem";
    case 401:
        return "Geen of een ongeldig token";
    case 403:
        return "De rol van het token mag dit niet, of niet voor dit object";
    case 404:
        return "Niet gevonden";
    case 406:
        return "De Accept-header vraagt een mediatype dat deze resource niet levert";
    case 412:
        return "If-Match noemt niet de huidige versie (ETag) van de resource: die is intussen "
               "gewijzigd";
    case 409:
        return "Conflict met de huidige toestand (bestaat al, statusovergang niet toegestaan, "
               "instemming ontbreekt)";
    case 413:
        return "De body is te groot";
    case 415:
        return "De body is geen application/json";
    case 422:
        return "Een regel van het netwerk zou worden overtreden";
    case 503:
        return "De database is bezet; probeer het na Retry-After seconden opnieuw";
    default:
        return "Fout";
    }
}

/*
 * An example body per request schema (by component name), shown with the
 * operation's requestBody. tests/contract validates every one against its
 * schema, so an example cannot drift from what the server accepts.
 */
static const struct {
    const char *schema;
    const char *json;
} nb_openapi_examples[] = {
    {"Beoordeling", "{\"besluit\":\"afgekeurd\",\"reden\":\"Niet op deze opdracht gewerkt\"}"},
    {"Boekingen", "{\"boekingen\":[{\"id\":\"storting-2027-01\",\"soort\":\"storting\","
                  "\"creditOrganisatieId\":2,\"bedragCent\":1700000}]}"},
    {"Bundelinstemming", "{\"besluit\":\"akkoord\",\"notitie\":\"Namens wethouder Jansen\"}"},
    {"Competentie", "{\"code\":\"SD-JEUGD\",\"naam\":\"Jeugdzorg\",\"domein\":\"sociaal\","
                    "\"omschrijving\":\"Kennis van de Jeugdwet en de jeugdhulp in de regio\"}"},
    {"Instemming", "{\"notitie\":\"Collegebesluit van 14 januari\"}"},
    {"Inzet", "{\"opdrachtId\":2,\"regelId\":3,\"medewerkerId\":7,\"minuten\":2400,"
              "\"notitie\":\"Twee dagen per week\"}"},
    {"InzetStatus", "{\"status\":\"bevestigd\"}"},
    {"Leerervaring",
     "{\"opdrachtId\":2,\"categorie\":\"samenwerking\",\"watGingGoed\":\"Snel een team uit "
     "drie gemeenten\",\"watKanBeter\":\"Eerder afspreken wie de planning bewaakt\"}"},
    {"Medewerker",
     "{\"organisatieId\":1,\"naam\":\"Fatima el Amrani\",\"email\":\"f.elamrani@example.org\","
     "\"functie\":\"Beleidsadviseur\",\"schaal\":11,\"contractMinutenPerWeek\":2160,"
     "\"netwerkMinutenPerWeek\":480,\"geboortejaar\":1985,\"competenties\":[{\"competentieId\":1,"
     "\"niveau\":4}],\"leerwensen\":[2],\"actief\":true}"},
    {"Netwerkinstellingen",
     "{\"uurtariefCent\":6500,\"verdeelsleutel\":\"inwoners\",\"externUurtariefCent\":12500}"},
    {"Opdracht",
     "{\"titel\":\"Regionale aanpak laaggeletterdheid\",\"soort\":\"meervoudig-lokaal\","
     "\"werksoort\":\"verandering\",\"startdatum\":\"2027-02-01\",\"einddatum\":\"2027-06-30\","
     "\"bestuurlijkOpdrachtgever\":\"Wethouder onderwijs\",\"ambtelijkOpdrachtgeverId\":1,"
     "\"aanvragers\":[{\"organisatieId\":1,\"aandeel\":2},{\"organisatieId\":2,\"aandeel\":1}],"
     "\"regels\":[{\"competentieId\":1,\"minimumNiveau\":3,\"minuten\":4800}]}"},
    {"OpdrachtStatus", "{\"status\":\"ingediend\"}"},
    {"Organisatie",
     "{\"code\":\"GM0505\",\"soort\":\"gemeente\",\"naam\":\"Dordrecht\",\"inwoners\":121000,"
     "\"oppervlakteKm2\":99.47,\"formatieFte\":950.5,\"kredietlijnMinuten\":60000}"},
    {"Periode", "{\"van\":\"2027-01-01\",\"tot\":\"2027-01-31\"}"},
    {"Programma", "{\"naam\":\"rMJP werkprogramma 2027\",\"soort\":\"regionaal\","
                  "\"organisatieId\":null,\"eersteJaar\":2027,\"laatsteJaar\":2027,"
                  "\"omschrijving\":\"Het regionale meerjarenprogramma, jaarschijf 2027\"}"},
    {"Rolprofiel",
     "{\"naam\":\"Projectleider sociaal domein\",\"competenties\":[{\"competentieId\":"
     "1,\"gewicht\":60},{\"competentieId\":2,\"gewicht\":40}]}"},
    {"TeamvoorstelAanvraag", "{\"opdrachtIds\":[2,3],\"maxTeamgrootte\":4,\"perMaand\":true}"},
    {"TeamvoorstelAcceptatie", "{\"regels\":[11,12]}"},
    {"Urenregistratie", "{\"medewerkerId\":7,\"opdrachtId\":2,\"datum\":\"2027-02-03\","
                        "\"minuten\":240,\"notitie\":\"Werksessie\"}"},
    {"Verrekening", "{\"verzoekId\":\"verrekening-2026\",\"jaar\":2026,\"keuzes\":["
                    "{\"organisatieId\":1,\"keuze\":\"verrekenen\"},{\"organisatieId\":2,"
                    "\"keuze\":\"overboeken\"}]}"},
};

/* The example body of request schema name (a new reference), or NULL. */
static json_t *nb_openapi_example(const char *name)
{
    for (size_t i = 0; i < sizeof nb_openapi_examples / sizeof nb_openapi_examples[0]; i++)
        if (strcmp(nb_openapi_examples[i].schema, name) == 0)
            return json_loads(nb_openapi_examples[i].json, 0, NULL);
    return NULL;
}

/* The path parameters whose values are not integers (ledger ids are chosen by the client). */
static int nb_openapi_string_param(const nb_route *r, const char *name)
{
    return strcmp(name, "id") == 0 && strncmp(r->pattern, "/api/v1/boekingen/", 18) == 0;
}

static int nb_openapi_path_params(const nb_route *r)
{
    int n = 0;
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{'))
        n++;
    return n;
}

/* "/api/v1/organisaties/{id}" → "id" parameters in order, then the documented query. */
static json_t *nb_openapi_parameters(const nb_route *r)
{
    json_t *params = json_array();
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (e == NULL)
            break;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
        json_t *schema = nb_openapi_string_param(r, name)
                             ? json_pack("{s:s, s:i, s:i, s:s}", "type", "string", "minLength", 1,
                                         "maxLength", 63, "example", "sa-test-1")
                             : json_pack("{s:s, s:s, s:i, s:i}", "type", "integer", "format",
                                         "int64", "minimum", 1, "example", 1);
        json_array_append_new(params,
                              json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", name, "in", "path",
                                        "required", 1, "description",
                                        strcmp(name, "id") == 0 ? "Het id van de resource"
                                                                : "Het id van de organisatie",
                                        "schema", schema));
    }
    for (const nb_query_doc *q = r->query; q && q->name; q++) {
        json_t *schema;
        if (q->sort) { /* sorteer=naam,-code: a comma-separated array of the whitelist */
            json_t *e = json_array();
            for (const nb_sort_field *f = q->sort; f->name; f++) {
                char desc[80];
                snprintf(desc, sizeof desc, "-%s", f->name);
                json_array_append_new(e, json_string(f->name));
                json_array_append_new(e, json_string(desc));
            }
            schema = json_pack("{s:s, s:{s:s, s:o}, s:i, s:b}", "type", "array", "items", "type",
                               "string", "enum", e, "maxItems", NB_SORT_MAX, "uniqueItems", 1);
            json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:s, s:b, s:o}", "name",
                                                    q->name, "in", "query", "required", 0,
                                                    "description", q->description, "style", "form",
                                                    "explode", 0, "schema", schema));
            continue;
        }
        if (strcmp(q->type, "date") == 0) {
            schema = json_pack("{s:s, s:s}", "type", "string", "format", "date");
        } else if (q->values) {
            json_t *e = json_array();
            for (const char *const *v = q->values; *v; v++)
                json_array_append_new(e, json_string(*v));
            schema = json_pack("{s:s, s:o}", "type", "string", "enum", e);
        } else if (strcmp(q->type, "integer") == 0) {
            schema = json_pack("{s:s, s:s}", "type", "integer", "format", "int64");
            if (q->min != 0 || q->max != 0)
                json_object_set_new(schema, "minimum", json_integer(q->min));
            if (q->max > 0)
                json_object_set_new(schema, "maximum", json_integer(q->max));
        } else {
            schema = json_pack("{s:s}", "type", q->type);
        }
        json_t *param = json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", q->name, "in", "query",
                                  "required", 0, "description", q->description, "schema", schema);
        if (nb_schema_is_deprecated(q->description))
            json_object_set_new(param, "deprecated", json_true());
        json_array_append_new(params, param);
    }
    return params;
}

/*
 * operationId: the verb (list for a GET of a HAL page, get for other GETs,
 * create for POST, update for PUT) and the path's segments in PascalCase,
 * a parameter as By<Name>: GET /organisaties/{id}/saldo → getOrganisatiesByIdSaldo.
 * Unique because method and path are.
 */
static void nb_openapi_operation_id(const nb_route *r, char *out, size_t size)
{
    const char *verb = "get";
    if (strcmp(r->method, "POST") == 0)
        verb = "create";
    else if (strcmp(r->method, "PUT") == 0)
        verb = "update";
    else if (strcmp(r->method, "DELETE") == 0)
        verb = "delete";
    else if (r->response && r->response->nfields > 1 &&
             strcmp(r->response->fields[1].name, "_embedded") == 0)
        verb = "list";
    size_t n = (size_t)snprintf(out, size, "%s", verb);
    int upper = 1;
    for (const char *p = r->pattern + strlen(NB_OPENAPI_PREFIX); *p && n + 3 < size; p++) {
        if (*p == '/' || *p == '-' || *p == '.' || *p == '}') {
            upper = 1;
        } else if (*p == '{') {
            out[n++] = 'B';
            out[n++] = 'y';
            upper = 1;
        } else {
            out[n++] = (char)(upper ? toupper((unsigned char)*p) : (unsigned char)*p);
            upper = 0;
        }
    }
    out[n] = '\0';
}

/* Who may call r, in Dutch, for the operation's description. */
static void nb_openapi_roles_text(const nb_route *r, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    if (r->roles & NB_ROLE_PUBLIC) {
        snprintf(out, size, "Zonder token.");
        return;
    }
    n += (size_t)snprintf(out, size, "Rollen:");
    for (int bit = NB_ROLE_BEHEER; bit <= NB_ROLE_LEZER && n < size; bit <<= 1)
        if (r->roles & bit)
            n += (size_t)snprintf(out + n, size - n, "%s %s", n > 7 ? "," : "", nb_role_name(bit));
    if (n < size)
        snprintf(out + n, size - n, ".");
}

static json_t *nb_openapi_operation(const nb_route *table, size_t count, const nb_route *r,
                                    json_t *schemas)
{
    json_t *op = json_object();
    char text[1024], roles[128];
    int write = strcmp(r->method, "GET") != 0;
    int nparams = nb_openapi_path_params(r);
    json_object_set_new(op, "tags", json_pack("[s]", r->tag));
    json_object_set_new(op, "summary", json_string(r->summary));
    nb_openapi_roles_text(r, roles, sizeof roles);
    snprintf(text, sizeof text, "%s. %s", r->summary, roles);
    json_object_set_new(op, "description", json_string(text));
    nb_openapi_operation_id(r, text, sizeof text);
    json_object_set_new(op, "operationId", json_string(text));
    if (r->handler == nb_api_alias) /* an old path (api/alias.c) */
        json_object_set_new(op, "deprecated", json_true());
    json_t *params = nb_openapi_parameters(r);
    int versioned = nb_route_versioned(r);
    int conditional_read = !write && versioned;
    if (conditional_read)
        json_array_append_new(
            params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", "If-None-Match", "in",
                              "header", "required", 0, "description",
                              "De ETag van een eerder opgehaalde versie; is die nog de huidige, "
                              "dan volgt 304 zonder body",
                              "schema", "type", "string"));
    if (write) {
        char scratch[256];
        const char *pp[NB_MAX_PATH_PARAMS];
        int np = 0;
        const nb_route *target =
            strlen(r->pattern) < sizeof scratch
                ? nb_route_etag_target(table, count, r->pattern, scratch, pp, &np)
                : NULL;
        char text2[400];
        if (target)
            snprintf(text2, sizeof text2,
                     "De ETag van de versie waarop de wijziging voortbouwt (uit GET %s); is de "
                     "resource intussen gewijzigd, dan volgt 412 en wordt niets vastgelegd. "
                     "Weglaten mag (dan zonder controle)",
                     target->pattern + strlen(NB_OPENAPI_PREFIX));
        else
            snprintf(text2, sizeof text2,
                     "Deze resource heeft geen versie (geen ETag): alleen * klopt, elke andere "
                     "waarde geeft 412. Weglaten mag");
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s}}", "name", "If-Match",
                                                "in", "header", "required", 0, "description", text2,
                                                "schema", "type", "string"));
    }
    size_t nquery_or_path = json_array_size(params);
    if (nquery_or_path > 0)
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    if (r->body) {
        char ref[160];
        nb_schema_to_openapi(r->body, schemas);
        snprintf(ref, sizeof ref, "#/components/schemas/%s", r->body->name);
        json_t *body = json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                 "application/json", "schema", "$ref", ref);
        json_t *example = nb_openapi_example(r->body->name);
        if (example != NULL)
            json_object_set_new(
                json_object_get(json_object_get(body, "content"), "application/json"), "example",
                example);
        json_object_set_new(op, "requestBody", body);
    }

    json_t *responses = json_object();
    int status = r->response_status ? r->response_status : 200;
    json_t *schema;
    const char *type = r->produces ? r->produces : "application/json";
    if (r->produces && strncmp(r->produces, "text/", 5) != 0) { /* a file: an .xlsx */
        schema = json_pack("{s:s, s:s}", "type", "string", "format", "binary");
    } else if (r->produces) {
        schema = json_pack("{s:s}", "type", "string");
    } else if (r->response) {
        char ref[160];
        nb_schema_to_openapi(r->response, schemas);
        snprintf(ref, sizeof ref, "#/components/schemas/%s", r->response->name);
        schema = json_pack("{s:s}", "$ref", ref);
    } else { /* this document itself */
        schema =
            json_pack("{s:s, s:s}", "type", "object", "description", "Een OpenAPI 3.0-document");
    }
    char code[8];
    snprintf(code, sizeof code, "%d", status);
    json_object_set_new(responses, code,
                        json_pack("{s:s, s:o, s:{s:{s:o}}}", "description",
                                  status == 201 ? "Aangemaakt" : "Gelukt", "headers",
                                  nb_openapi_headers(status == 201, versioned), "content", type,
                                  "schema", schema));
    for (size_t i = 0; r->alternates && r->alternates[i];
         i++) /* the same answer in another format */
        json_object_set_new(
            json_object_get(json_object_get(responses, code), "content"), r->alternates[i],
            json_pack("{s:{s:s, s:s}}", "schema", "type", "string", "format", "binary"));
    if (conditional_read)
        json_object_set_new(responses, "304",
                            json_pack("{s:s, s:o}", "description",
                                      "Niet gewijzigd: If-None-Match noemt de huidige versie",
                                      "headers", nb_openapi_headers(0, 1)));
    if (r->response == &nb_out_boekingen) /* idempotent: a repeat answers the originals */
        json_object_set_new(
            responses, "200",
            json_pack("{s:s, s:o, s:{s:{s:{s:s}}}}", "description",
                      "Al verwerkt: dezelfde boekingen met dezelfde inhoud; de originelen",
                      "headers", nb_openapi_headers(0, 0), "content", "application/json", "schema",
                      "$ref", "#/components/schemas/BoekingenUit"));
    if (r->response == &nb_out_verrekening && strcmp(r->method, "POST") == 0) /* idempotent too */
        json_object_set_new(
            responses, "200",
            json_pack("{s:s, s:o, s:{s:{s:{s:s}}}}", "description",
                      "Al verrekend onder dit verzoekId, met dezelfde inhoud: de oorspronkelijke "
                      "verrekening; er is niets geboekt",
                      "headers", nb_openapi_headers(0, 0), "content", "application/json", "schema",
                      "$ref", "#/components/schemas/VerrekeningUit"));

    /* The problems this operation can return: what the dispatcher checks
     * for it (http/admit.c) and what its handler can answer. */
    int problems[16], np = 0;
    int is_doc = r->handler == nb_api_openapi;
    problems[np++] = 400; /* at least an unknown query parameter (http/admit.c) */
    if (!(r->roles & NB_ROLE_PUBLIC)) {
        problems[np++] = 401;
        problems[np++] = 403;
    }
    if (nparams > 0)
        problems[np++] = 404;
    problems[np++] = 406;
    if (write)
        problems[np++] = 409;
    if (write)
        problems[np++] = 412;
    if (r->body) {
        problems[np++] = 413;
        problems[np++] = 415;
    }
    if (write)
        problems[np++] = 422;
    if (!is_doc)
        problems[np++] = 503;
    for (int i = 0; i < np; i++) {
        snprintf(code, sizeof code, "%d", problems[i]);
        json_object_set_new(responses, code,
                            nb_openapi_problem_response(nb_openapi_status_text(problems[i])));
    }
    json_object_set_new(op, "responses", responses);
    if (r->roles & NB_ROLE_PUBLIC) {
        json_object_set_new(op, "security", json_array());
    } else {
        json_t *list = json_array();
        for (int bit = NB_ROLE_BEHEER; bit <= NB_ROLE_LEZER; bit <<= 1)
            if (r->roles & bit)
                json_array_append_new(list, json_string(nb_role_name(bit)));
        json_object_set_new(op, "x-rollen", list);
    }
    return op;
}

/* One tag per resource, in the order of the table, with a description. */
static void nb_openapi_add_tag(json_t *tags, const char *name)
{
    size_t i;
    json_t *t;
    json_array_foreach (tags, i, t)
        if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
            return;
    char text[160];
    snprintf(text, sizeof text, "%s: de operaties op deze resource", name);
    size_t at = 0; /* alphabetical, as Spectral's openapi-tags-alphabetical asks */
    while (at < json_array_size(tags) &&
           strcmp(json_string_value(json_object_get(json_array_get(tags, at), "name")), name) < 0)
        at++;
    json_array_insert_new(tags, at, json_pack("{s:s, s:s}", "name", name, "description", text));
}

/*
 * The birth year the server accepts depends on today (store/people_rules.h:
 * this year - NB_PERSON_AGE_MAX .. - NB_PERSON_AGE_MIN); the schema's static
 * range is wider. Write today's range into both person schemas.
 */
static void nb_openapi_birth_year(json_t *schemas)
{
    int y, m, d;
    nb_date_to_ymd(nb_date_today(), &y, &m, &d);
    const char *names[] = {"Medewerker", "MedewerkerUit"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        json_t *f = json_object_get(
            json_object_get(json_object_get(schemas, names[i]), "properties"), "geboortejaar");
        if (f == NULL)
            continue;
        char text[200];
        snprintf(text, sizeof text,
                 "Geboortejaar (persoonlijk): van dit jaar - %d tot en met dit jaar - %d (vandaag "
                 "%d-%d); null = onbekend",
                 NB_PERSON_AGE_MAX, NB_PERSON_AGE_MIN, y - NB_PERSON_AGE_MAX,
                 y - NB_PERSON_AGE_MIN);
        json_object_set_new(f, "minimum", json_integer(y - NB_PERSON_AGE_MAX));
        json_object_set_new(f, "maximum", json_integer(y - NB_PERSON_AGE_MIN));
        json_object_set_new(f, "description", json_string(text));
    }
}

json_t *nb_api_openapi_document(const nb_route *table, size_t count)
{
    json_t *paths = json_object();
    json_t *schemas = json_object();
    json_t *tags = json_array();
    json_object_set_new(schemas, "Probleem", nb_openapi_problem_schema());
    for (size_t i = 0; i < count; i++) {
        const nb_route *r = &table[i];
        const char *path = r->pattern;
        if (strncmp(path, NB_OPENAPI_PREFIX "/", strlen(NB_OPENAPI_PREFIX) + 1) != 0)
            continue; /* the health probes: not part of the versioned API */
        path += strlen(NB_OPENAPI_PREFIX);
        json_t *item = json_object_get(paths, path);
        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, path, item);
        }
        char method[8] = {0};
        for (size_t k = 0; k + 1 < sizeof method && r->method[k]; k++)
            method[k] = (char)tolower((unsigned char)r->method[k]);
        json_object_set_new(item, method, nb_openapi_operation(table, count, r, schemas));
        nb_openapi_add_tag(tags, r->tag);
    }
    nb_openapi_birth_year(schemas);
    json_t *headers = json_pack(
        "{s:{s:s, s:b, s:{s:s, s:s}}, s:{s:s, s:b, s:{s:s, s:s}}, s:{s:s, s:b, s:{s:s, s:s}}}",
        "API-Version", "description", "De volledige versie van de API (major.minor.patch)",
        "required", 1, "schema", "type", "string", "example", NB_API_VERSION, "Location",
        "description", "De URL van de nieuwe resource", "required", 1, "schema", "type", "string",
        "format", "uri", "ETag", "description",
        "De versie van de resource (het veld versie) als sterke entity-tag; terug te sturen in "
        "If-Match bij een wijziging of in If-None-Match bij opnieuw ophalen",
        "required", 1, "schema", "type", "string", "example", "\"3\"");
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s}}, s:[{s:s, s:s}], s:o, s:o, "
        "s:{s:o, s:o, s:{s:{s:s, s:s, s:s}}}, s:[{s:[]}]}",
        "openapi", "3.0.3", "info", "title", "noaber API", "description",
        "Met noaber werken samenwerkende gemeenten als ware het één netwerkorganisatie: "
        "opdrachten, teaming, urenverrekening en kwetsbaarheid.",
        "version", NB_API_VERSION, "contact", "name", "noaber", "url", "https://noaber.nl", "email",
        "api@noaber.nl", "license", "name", "EUPL-1.2", "url",
        "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12", "servers",
        "url", NB_OPENAPI_PREFIX, "description",
        "Deze server (de paden hieronder staan onder /api/v1)", "tags", tags, "paths", paths,
        "components", "schemas", schemas, "headers", headers, "securitySchemes", "bearer", "type",
        "http", "scheme", "bearer", "description", "Een token gemaakt met 'noaber token create'",
        "security", "bearer");
}

int nb_api_openapi(nb_req *req, nb_resp *resp)
{
    json_t *doc = req->routes ? nb_api_openapi_document(req->routes, req->nroutes)
                              : nb_api_openapi_document(nb_routes, nb_routes_count);
    if (doc == NULL)
        return NB_ENOMEM;
    return nb_resp_json(resp, 200, doc);
}
