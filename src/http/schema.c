/*
 * http/schema.c — request-body validation and its OpenAPI rendering.
 */
#include "http/schema.h"

#include "http/http.h"
#include "util/date.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const nb_field *nb_schema_find(const nb_schema *schema, const char *name)
{
    for (size_t i = 0; i < schema->nfields; i++)
        if (strcmp(schema->fields[i].name, name) == 0)
            return &schema->fields[i];
    return NULL;
}

static int nb_email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
        return 0;
    const char *dot = strrchr(at, '.');
    if (dot == NULL || dot == at + 1 || dot[1] == '\0')
        return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ')
            return 0;
    return 1;
}

/* Counts UTF-8 code points; -1 when the text holds a control character. */
static int64_t nb_text_length(const char *s)
{
    int64_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 && *p != '\n' && *p != '\t')
            return -1;
        if ((*p & 0xc0) != 0x80)
            n++;
    }
    return n;
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is the nesting of the compile-time schema (items), not of the input */
static int nb_field_check(const json_t *v, const nb_field *f, const char *path, nb_resp *resp)
{
    int bad = 0;
    if (json_is_null(v)) {
        if (f->nullable && !f->required)
            return 0;
        nb_resp_invalid(resp, path, "mag niet leeg (null) zijn");
        return 1;
    }
    switch (f->type) {
    case NB_F_STRING:
    case NB_F_EMAIL: {
        if (!json_is_string(v)) {
            nb_resp_invalid(resp, path, "moet een tekst zijn");
            return 1;
        }
        int64_t len = nb_text_length(json_string_value(v));
        if (len < 0) {
            nb_resp_invalid(resp, path, "bevat een stuurteken");
            return 1;
        }
        if (len < f->min || (f->max > 0 && len > f->max)) {
            nb_resp_invalid(resp, path, "moet %lld tot %lld tekens lang zijn", (long long)f->min,
                            (long long)f->max);
            return 1;
        }
        if (f->type == NB_F_EMAIL && !nb_email_ok(json_string_value(v))) {
            nb_resp_invalid(resp, path, "is geen geldig e-mailadres");
            return 1;
        }
        return 0;
    }
    case NB_F_INT:
        if (!json_is_integer(v)) {
            nb_resp_invalid(resp, path, "moet een geheel getal zijn");
            return 1;
        }
        if (json_integer_value(v) < f->min || json_integer_value(v) > f->max) {
            nb_resp_invalid(resp, path, "moet tussen %lld en %lld liggen", (long long)f->min,
                            (long long)f->max);
            return 1;
        }
        return 0;
    case NB_F_CENTI: {
        if (!json_is_number(v)) {
            nb_resp_invalid(resp, path, "moet een getal zijn");
            return 1;
        }
        double d = json_number_value(v) * 100.0;
        double r = nearbyint(d);
        if (!isfinite(d) || fabs(d - r) > 1e-6 || r < (double)f->min || r > (double)f->max) {
            nb_resp_invalid(resp, path,
                            "moet een getal met hoogstens twee decimalen tussen %.2f en %.2f zijn",
                            (double)f->min / 100.0, (double)f->max / 100.0);
            return 1;
        }
        return 0;
    }
    case NB_F_DATE: {
        int32_t day;
        if (!json_is_string(v) || nb_date_parse(json_string_value(v), &day) != 0) {
            nb_resp_invalid(resp, path, "moet een bestaande datum zijn in de vorm JJJJ-MM-DD");
            return 1;
        }
        return 0;
    }
    case NB_F_BOOL:
        if (!json_is_boolean(v)) {
            nb_resp_invalid(resp, path, "moet true of false zijn");
            return 1;
        }
        return 0;
    case NB_F_ENUM:
        if (json_is_string(v))
            for (const char *const *e = f->values; *e; e++)
                if (strcmp(*e, json_string_value(v)) == 0)
                    return 0;
        nb_resp_invalid_enum(resp, path, f->values);
        return 1;
    case NB_F_ARRAY: {
        if (!json_is_array(v)) {
            nb_resp_invalid(resp, path, "moet een lijst zijn");
            return 1;
        }
        int64_t n = (int64_t)json_array_size(v);
        if (n < f->min || (f->max > 0 && n > f->max)) {
            /* Stop here: checking every element of an oversized list would
             * only spend time on a request that is refused anyway. */
            nb_resp_invalid(resp, path, "moet %lld tot %lld elementen hebben", (long long)f->min,
                            (long long)f->max);
            return 1;
        }
        size_t i;
        const json_t *item;
        json_array_foreach (v, i, item) {
            char ipath[256];
            snprintf(ipath, sizeof ipath, "%s[%zu]", path, i);
            if (f->items != NULL) {
                if (!json_is_object(item)) {
                    nb_resp_invalid(resp, ipath, "moet een object zijn");
                    bad++;
                } else {
                    bad += nb_schema_validate(item, f->items, ipath, resp);
                }
            } else if (!json_is_integer(item) || json_integer_value(item) < 1) {
                nb_resp_invalid(resp, ipath, "moet een positief geheel getal (id) zijn");
                bad++;
            }
        }
        return bad;
    }
    case NB_F_DATETIME:
    case NB_F_TEXTID:
        if (!json_is_string(v)) {
            nb_resp_invalid(resp, path, "moet een tekst zijn");
            return 1;
        }
        return 0;
    case NB_F_OBJECT:
    case NB_F_LINKS:
        if (f->type == NB_F_OBJECT && f->items != NULL)
            return nb_schema_validate(v, f->items, path, resp);
        if (!json_is_object(v)) {
            nb_resp_invalid(resp, path, "moet een object zijn");
            return 1;
        }
        return 0;
    case NB_F_NUMBER:
        if (!json_is_number(v)) {
            nb_resp_invalid(resp, path, "moet een getal zijn");
            return 1;
        }
        return 0;
    case NB_F_TEXTS: {
        size_t i;
        const json_t *item;
        if (!json_is_array(v)) {
            nb_resp_invalid(resp, path, "moet een lijst zijn");
            return 1;
        }
        json_array_foreach (v, i, item)
            if (!json_is_string(item)) {
                nb_resp_invalid(resp, path, "moet een lijst teksten zijn");
                return 1;
            }
        return 0;
    }
    case NB_F_ANY:
        return 0;
    }
    return 0;
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is the nesting of the compile-time schema (items), not of the input */
int nb_schema_validate(const json_t *obj, const nb_schema *schema, const char *prefix,
                       nb_resp *resp)
{
    int bad = 0;
    char path[256];
    const char *key;
    const json_t *v;
    if (!json_is_object(obj)) {
        nb_resp_invalid(resp, prefix && *prefix ? prefix : "(body)", "moet een JSON-object zijn");
        return 1;
    }
    json_object_foreach ((json_t *)obj, key, v) {
        if (nb_schema_find(schema, key) == NULL) {
            snprintf(path, sizeof path, "%s%s%s", prefix ? prefix : "",
                     prefix && *prefix ? "." : "", key);
            nb_resp_invalid(resp, path, "is een onbekend veld");
            bad++;
        }
    }
    for (size_t i = 0; i < schema->nfields; i++) {
        const nb_field *f = &schema->fields[i];
        snprintf(path, sizeof path, "%s%s%s", prefix ? prefix : "", prefix && *prefix ? "." : "",
                 f->name);
        v = json_object_get(obj, f->name);
        if (v == NULL) {
            if (f->required) {
                nb_resp_invalid(resp, path, "is verplicht");
                bad++;
            }
            continue;
        }
        bad += nb_field_check(v, f, path, resp);
    }
    return bad;
}

int64_t nb_body_int(const json_t *obj, const char *name, int64_t def)
{
    const json_t *v = json_object_get(obj, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

int64_t nb_body_centi(const json_t *obj, const char *name, int64_t def)
{
    const json_t *v = json_object_get(obj, name);
    return json_is_number(v) ? (int64_t)llround(json_number_value(v) * 100.0) : def;
}

const char *nb_body_str(const json_t *obj, const char *name, const char *def)
{
    const json_t *v = json_object_get(obj, name);
    return json_is_string(v) ? json_string_value(v) : def;
}

int nb_body_bool(const json_t *obj, const char *name, int def)
{
    const json_t *v = json_object_get(obj, name);
    return json_is_boolean(v) ? json_is_true(v) : def;
}

json_t *nb_json_centi(int64_t hundredths)
{
    return json_real((double)hundredths / 100.0);
}

/* ---- OpenAPI ------------------------------------------------------------ */

static json_t *nb_schema_ref(const nb_schema *schema)
{
    char ref[160];
    snprintf(ref, sizeof ref, "#/components/schemas/%s", schema->name);
    return json_pack("{s:s}", "$ref", ref);
}

/* The HAL link object {"href": "..."} and the _links object of names to links. */
static void nb_schema_links_components(json_t *components)
{
    if (json_object_get(components, "Link") == NULL)
        json_object_set_new(
            components, "Link",
            json_pack("{s:s, s:s, s:b, s:{s:{s:s, s:s, s:s}}, s:[s]}", "type", "object",
                      "description", "Een HAL-link", "additionalProperties", 0, "properties",
                      "href", "type", "string", "format", "uri", "description",
                      "Absolute URL, met de publieke basis-URL van de server", "required", "href"));
    if (json_object_get(components, "Links") == NULL)
        json_object_set_new(
            components, "Links",
            json_pack("{s:s, s:s, s:{s:{s:s}}, s:{s:s}, s:[s]}", "type", "object", "description",
                      "HAL-links per naam (self altijd; verder bijvoorbeeld first, next, "
                      "organisatie, status)",
                      "properties", "self", "$ref", "#/components/schemas/Link",
                      "additionalProperties", "$ref", "#/components/schemas/Link", "required",
                      "self"));
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is the nesting of the compile-time schema (items), not of the input */
static json_t *nb_field_to_openapi(const nb_schema *schema, const nb_field *out_f,
                                   json_t *components)
{
    json_t *s = json_object();
    int out = schema->is_response;
    /* A response field that the resource's request schema also has takes
     * its type, range, values and description from there: one source. */
    const nb_field *in_f = out && schema->base ? nb_schema_find(schema->base, out_f->name) : NULL;
    int same = in_f && in_f->type == out_f->type && out_f->type != NB_F_ARRAY &&
               out_f->type != NB_F_OBJECT;
    nb_field merged = *out_f;
    if (same) {
        merged.min = in_f->min;
        merged.max = in_f->max;
        merged.values = in_f->values;
        out = 0; /* the request's ranges apply */
    }
    if (in_f && merged.description == NULL)
        merged.description = in_f->description;
    const nb_field *f = &merged;
    switch (f->type) {
    case NB_F_STRING:
        json_object_set_new(s, "type", json_string("string"));
        if (f->min > 0)
            json_object_set_new(s, "minLength", json_integer(f->min));
        if (f->max > 0)
            json_object_set_new(s, "maxLength", json_integer(f->max));
        break;
    case NB_F_EMAIL:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("email"));
        break;
    case NB_F_INT:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "format", json_string("int64"));
        if (!out || f->min != 0 || f->max != 0) {
            json_object_set_new(s, "minimum", json_integer(f->min));
            if (f->max != INT64_MAX)
                json_object_set_new(s, "maximum", json_integer(f->max));
        }
        break;
    case NB_F_CENTI:
        json_object_set_new(s, "type", json_string("number"));
        json_object_set_new(s, "multipleOf", json_real(0.01));
        if (!out || f->min != 0 || f->max != 0) {
            json_object_set_new(s, "minimum", nb_json_centi(f->min));
            json_object_set_new(s, "maximum", nb_json_centi(f->max));
        }
        break;
    case NB_F_NUMBER:
        json_object_set_new(s, "type", json_string("number"));
        break;
    case NB_F_DATE:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date"));
        break;
    case NB_F_DATETIME:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date-time"));
        break;
    case NB_F_TEXTID:
        json_object_set_new(s, "type", json_string("string"));
        break;
    case NB_F_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    case NB_F_ENUM: {
        json_t *e = json_array();
        for (const char *const *p = f->values; *p; p++)
            json_array_append_new(e, json_string(*p));
        if (f->nullable)
            json_array_append_new(e, json_null());
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "enum", e);
        break;
    }
    case NB_F_OBJECT:
    case NB_F_LINKS:
    case NB_F_ARRAY: {
        json_t *ref;
        if (f->type == NB_F_LINKS) {
            nb_schema_links_components(components);
            ref = json_pack("{s:s}", "$ref", "#/components/schemas/Links");
        } else if (f->items) {
            nb_schema_to_openapi(f->items, components);
            ref = nb_schema_ref(f->items);
        } else if (f->type == NB_F_OBJECT) {
            ref = json_pack("{s:s}", "type", "object");
        } else {
            ref = json_pack("{s:s, s:s}", "type", "integer", "format", "int64");
        }
        if (f->type != NB_F_ARRAY) {
            /* A $ref takes no siblings in OpenAPI 3.0: wrap it when it needs some. */
            int extra = f->nullable || f->description || (schema->is_response && schema->base);
            if (!extra) {
                json_decref(s);
                return ref;
            }
            json_object_set_new(s, "allOf", json_pack("[o]", ref));
            break;
        }
        json_object_set_new(s, "type", json_string("array"));
        json_object_set_new(s, "items", ref);
        if (f->min > 0)
            json_object_set_new(s, "minItems", json_integer(f->min));
        if (f->max > 0)
            json_object_set_new(s, "maxItems", json_integer(f->max));
        break;
    }
    case NB_F_TEXTS:
        json_object_set_new(s, "type", json_string("array"));
        json_object_set_new(s, "items", json_pack("{s:s}", "type", "string"));
        break;
    case NB_F_ANY:
        break;
    }
    if (f->nullable)
        json_object_set_new(s, "nullable", json_true());
    if (schema->is_response && schema->base && in_f == NULL)
        json_object_set_new(s, "readOnly", json_true());
    if (f->description)
        json_object_set_new(s, "description", json_string(f->description));
    if (nb_schema_is_deprecated(f->description))
        json_object_set_new(s, "deprecated", json_true());
    return s;
}

int nb_schema_is_deprecated(const char *description)
{
    return description != NULL &&
           strncmp(description, NB_DEPRECATED, sizeof NB_DEPRECATED - 1) == 0;
}

/* NOLINTNEXTLINE(misc-no-recursion): depth is the nesting of the compile-time schema (items), not of the input */
void nb_schema_to_openapi(const nb_schema *schema, json_t *components)
{
    if (json_object_get(components, schema->name) != NULL)
        return;
    json_t *s = json_object();
    json_t *props = json_object();
    json_t *req = json_array();
    json_object_set_new(components, schema->name, s); /* set first: breaks cycles */
    for (size_t i = 0; i < schema->nfields; i++) {
        json_object_set_new(props, schema->fields[i].name,
                            nb_field_to_openapi(schema, &schema->fields[i], components));
        if (schema->fields[i].required)
            json_array_append_new(req, json_string(schema->fields[i].name));
    }
    json_object_set_new(s, "type", json_string("object"));
    json_object_set_new(s, "additionalProperties", json_false());
    if (schema->description)
        json_object_set_new(s, "description", json_string(schema->description));
    json_object_set_new(s, "properties", props);
    if (json_array_size(req) > 0)
        json_object_set_new(s, "required", req);
    else
        json_decref(req);
}
