/*
 * http/schema.h — declared request-body schemas and their validator.
 *
 * A route names the schema of its body; the server validates the parsed JSON
 * against it before the handler runs and answers 400 listing *every* problem
 * (unknown fields, missing fields, wrong types, out-of-range values) at once.
 * The same declarations generate the request schemas of openapi.json, so the
 * documentation cannot drift from what the server accepts.
 *
 * Field types map JSON onto storage: NB_F_CENTI accepts a number with at most
 * two decimals and yields int64 hundredths (km², fte); NB_F_DATE accepts
 * "YYYY-MM-DD"; NB_F_ARRAY holds objects of the `items` schema, or integers
 * when items is NULL.
 */
#ifndef NB_HTTP_SCHEMA_H
#define NB_HTTP_SCHEMA_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct nb_resp nb_resp;

typedef enum {
    NB_F_STRING,
    NB_F_INT,
    NB_F_CENTI,
    NB_F_DATE,
    NB_F_BOOL,
    NB_F_ENUM,
    NB_F_EMAIL,
    NB_F_ARRAY
} nb_field_type;

typedef struct nb_schema nb_schema;

typedef struct nb_field {
    const char *name; /* camelCase JSON name */
    nb_field_type type;
    int required;
    int nullable; /* JSON null accepted (optional values) */
    int64_t min,
        max; /* INT/CENTI: value range (CENTI in hundredths); STRING: length; ARRAY: count */
    const char *const *values; /* ENUM: NULL-terminated list */
    const nb_schema *items;    /* ARRAY of objects */
    const char *description;   /* Dutch, for openapi.json */
} nb_field;

struct nb_schema {
    const char *name; /* component name in openapi.json */
    const nb_field *fields;
    size_t nfields;
    const char *description;
};

#define NB_SCHEMA(n, arr, desc)                      \
    {                                                \
        n, arr, sizeof(arr) / sizeof((arr)[0]), desc \
    }

/*
 * Validates obj against schema; every problem is added to resp as an invalid
 * param named with its JSON path (prefix + name, e.g. "regels[2].niveau").
 * Returns the number of problems found (0 = valid).
 */
int nb_schema_validate(const json_t *obj, const nb_schema *schema, const char *prefix,
                       nb_resp *resp);

/* Adds the JSON Schema of schema to components (an object), recursively. */
void nb_schema_to_openapi(const nb_schema *schema, json_t *components);

/* Typed getters for validated bodies (absent or null → def). */
int64_t nb_body_int(const json_t *obj, const char *name, int64_t def);
int64_t nb_body_centi(const json_t *obj, const char *name, int64_t def);
const char *nb_body_str(const json_t *obj, const char *name, const char *def);
int nb_body_bool(const json_t *obj, const char *name, int def);

/* Renders hundredths as a JSON real with two decimals (1234 → 12.34). */
json_t *nb_json_centi(int64_t hundredths);

#endif
