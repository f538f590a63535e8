/*
 * api/openapi.c — /api/v1/openapi.json, generated from the route table.
 *
 * Paths, methods, parameters, request bodies and security come from the
 * table; response schemas are named per route and described generically
 * (the resource object with id, _links and audit fields). Because the
 * document is generated, it cannot list a route the server lacks or miss
 * one it has.
 */
#include "api/api.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static json_t *nb_openapi_problem_schema(void)
{
    return json_pack(
        "{s:s, s:s, s:{s:{s:s}, s:{s:s}, s:{s:s, s:s}, s:{s:s}, s:{s:s}, s:{s:s, s:i, s:{s:s, s:{s:{s:s}, s:{s:s}}}}, s:{s:s, s:s}}}",
        "type", "object", "description", "Foutmelding volgens RFC 9457 (application/problem+json)",
        "properties", "type", "type", "string", "title", "type", "string", "status", "type",
        "integer", "format", "int32", "detail", "type", "string", "instance", "type", "string",
        "invalidParams", "type", "array", "maxItems", NB_RESP_MAX_INVALID, "items", "type",
        "object", "properties", "name", "type", "string", "reason", "type", "string",
        NB_RESP_LEFT_OUT, "type", "integer", "description",
        "Aantal problemen dat niet meer in invalidParams past");
}

static json_t *nb_openapi_problem_response(const char *description)
{
    return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", description, "content",
                     "application/problem+json", "schema", "$ref", "#/components/schemas/Probleem");
}

static const char *nb_openapi_status_text(const char *code)
{
    static const struct {
        const char *code, *text;
    } texts[] = {
        {"400", "Ongeldige invoer; invalidParams noemt elk probleem"},
        {"401", "Geen of een ongeldig token"},
        {"403", "De rol van het token mag dit niet"},
        {"404", "Niet gevonden"},
        {"406", "De Accept-header vraagt een mediatype dat deze resource niet levert"},
        {"409", "Conflict met de huidige toestand"},
        {"413", "De body is te groot"},
        {"415", "De body is geen application/json"},
        {"422", "Een regel van het netwerk zou worden overtreden"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strcmp(texts[i].code, code) == 0)
            return texts[i].text;
    return "Fout";
}

/* "/api/v1/organisaties/{id}" → "id" parameters in order. */
static json_t *nb_openapi_parameters(const nb_route *r)
{
    json_t *params = json_array();
    for (const char *p = strchr(r->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *e = strchr(p, '}');
        if (e == NULL)
            break;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:{s:s, s:s}}", "name", name,
                                                "in", "path", "required", 1, "description",
                                                "Het id van de resource", "schema", "type",
                                                "integer", "format", "int64"));
    }
    for (const nb_query_doc *q = r->query; q && q->name; q++) {
        json_t *schema = strcmp(q->type, "date") == 0
                             ? json_pack("{s:s, s:s}", "type", "string", "format", "date")
                             : json_pack("{s:s}", "type", q->type);
        json_array_append_new(params, json_pack("{s:s, s:s, s:b, s:s, s:o}", "name", q->name, "in",
                                                "query", "required", 0, "description",
                                                q->description, "schema", schema));
    }
    return params;
}

static json_t *nb_openapi_operation(const nb_route *r, json_t *schemas)
{
    json_t *op = json_object();
    char opid[160], status[8];
    json_object_set_new(op, "tags", json_pack("[s]", r->tag));
    json_object_set_new(op, "summary", json_string(r->summary));
    snprintf(opid, sizeof opid, "%s %s", r->method, r->pattern);
    json_object_set_new(op, "operationId", json_string(opid));
    json_t *params = nb_openapi_parameters(r);
    if (json_array_size(params) > 0)
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    if (r->body) {
        char ref[160];
        nb_schema_to_openapi(r->body, schemas);
        snprintf(ref, sizeof ref, "#/components/schemas/%s", r->body->name);
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                      "application/json", "schema", "$ref", ref));
    }
    json_t *responses = json_object();
    json_t *ok;
    snprintf(status, sizeof status, "%d", r->response_status ? r->response_status : 200);
    if (r->produces) {
        ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "Gelukt", "content", r->produces,
                       "schema", "type", "string");
    } else if (r->response) {
        char ref[160];
        snprintf(ref, sizeof ref, "#/components/schemas/%s", r->response);
        if (json_object_get(schemas, r->response) == NULL)
            json_object_set_new(
                schemas, r->response,
                json_pack(
                    "{s:s, s:s}", "type", "object", "description",
                    strstr(r->response, "Lijst")
                        ? "Een pagina uit een lijst (HAL): _embedded, _links, totaal, pagina, paginaGrootte"
                        : "De resource met id, _links, aangemaakt, gewijzigd en versie"));
        ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "Gelukt", "content",
                       "application/json", "schema", "$ref", ref);
    } else {
        ok = json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", "Gelukt", "content",
                       "application/json", "schema", "type", "object");
    }
    json_object_set_new(responses, status, ok);
    const char *errs[] = {"400", "401", "403", "404", "406", "409", "413", "415", "422"};
    for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
        if ((r->roles & NB_ROLE_PUBLIC) && (!strcmp(errs[i], "401") || !strcmp(errs[i], "403")))
            continue;
        if (!r->body && (!strcmp(errs[i], "413") || !strcmp(errs[i], "415")))
            continue;
        json_object_set_new(responses, errs[i],
                            nb_openapi_problem_response(nb_openapi_status_text(errs[i])));
    }
    json_object_set_new(op, "responses", responses);
    if (r->roles & NB_ROLE_PUBLIC) {
        json_object_set_new(op, "security", json_array());
    } else {
        json_t *roles = json_array();
        for (int bit = NB_ROLE_BEHEER; bit <= NB_ROLE_LEZER; bit <<= 1)
            if (r->roles & bit)
                json_array_append_new(roles, json_string(nb_role_name(bit)));
        json_object_set_new(op, "x-rollen", roles);
    }
    return op;
}

json_t *nb_api_openapi_document(const nb_route *table, size_t count)
{
    json_t *paths = json_object();
    json_t *schemas = json_object();
    json_object_set_new(schemas, "Probleem", nb_openapi_problem_schema());
    for (size_t i = 0; i < count; i++) {
        const nb_route *r = &table[i];
        json_t *item = json_object_get(paths, r->pattern);
        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        char method[8] = {0};
        for (size_t k = 0; k + 1 < sizeof method && r->method[k]; k++)
            method[k] = (char)tolower((unsigned char)r->method[k]);
        json_object_set_new(item, method, nb_openapi_operation(r, schemas));
    }
    return json_pack(
        "{s:s, s:{s:s, s:s, s:s, s:{s:s}}, s:[{s:s, s:s}], s:o, s:{s:o, s:{s:{s:s, s:s, s:s}}}, "
        "s:[{s:[]}]}",
        "openapi", "3.0.3", "info", "title", "noaber API", "description",
        "Met noaber werken samenwerkende gemeenten als ware het één netwerkorganisatie: "
        "opdrachten, teaming, urenverrekening en kwetsbaarheid.",
        "version", "1.0.0", "contact", "name", "noaber", "servers", "url", "/", "description",
        "Deze server", "paths", paths, "components", "schemas", schemas, "securitySchemes",
        "bearer", "type", "http", "scheme", "bearer", "description",
        "Een token gemaakt met 'noaber token'", "security", "bearer");
}

int nb_api_openapi(nb_req *req, nb_resp *resp)
{
    json_t *doc = req->routes ? nb_api_openapi_document(req->routes, req->nroutes)
                              : nb_api_openapi_document(nb_routes, nb_routes_count);
    if (doc == NULL)
        return NB_ENOMEM;
    return nb_resp_json(resp, 200, doc);
}
