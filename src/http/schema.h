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
    NB_F_ARRAY,
    /* Response-only types (the *Uit and *Lijst schemas; never in a body a
     * route takes): */
    NB_F_DATETIME, /* "YYYY-MM-DDTHH:MM:SSZ" */
    NB_F_OBJECT,   /* an object of the `items` schema */
    NB_F_LINKS,    /* HAL _links: {"self": {"href": ...}, <name>: {"href": ...}} */
    NB_F_ANY,      /* any JSON value (the audit log's details) */
    NB_F_TEXTID,   /* an id that is a string (ledger transfers: "sa-test-1") */
    NB_F_NUMBER,   /* a JSON number (a fraction, a percentage) */
    NB_F_TEXTS     /* a list of texts */
} nb_field_type;

typedef struct nb_schema nb_schema;

typedef struct nb_field {
    const char *name; /* camelCase JSON name */
    nb_field_type type;
    int required;
    int nullable;     /* JSON null accepted (optional values) */
    int64_t min, max; /* INT/CENTI: value range (CENTI in hundredths); STRING: length; ARRAY: count.
              * In a response schema (base set, see below) INT 0..0 means "no range". */
    const char *const *values; /* ENUM: NULL-terminated list */
    const nb_schema *items;    /* ARRAY of objects; OBJECT */
    const char *description;   /* Dutch, for openapi.json */
} nb_field;

struct nb_schema {
    const char *name; /* component name in openapi.json */
    const nb_field *fields;
    size_t nfields;
    const char *description;
    /* Response schemas only (NB_SCHEMA_OUT): is_response is 1, and base is the
     * request schema of the same resource or NULL. A response field whose
     * name is not in base is readOnly in openapi.json (id, aangemaakt,
     * versie, _links, everything the server computes). */
    int is_response;
    const nb_schema *base;
};

#define NB_SCHEMA(n, arr, desc)                               \
    {                                                         \
        n, arr, sizeof(arr) / sizeof((arr)[0]), desc, 0, NULL \
    }

/* A response schema: the fields the serialiser writes, in its order. */
#define NB_SCHEMA_OUT(n, arr, base, desc)                     \
    {                                                         \
        n, arr, sizeof(arr) / sizeof((arr)[0]), desc, 1, base \
    }

/* Response field rows (nb_field), for the NB_SCHEMA_OUT tables next to the
 * serialisers: always present (NB_OUT), present and possibly null
 * (NB_OUT_NULL), present only for some callers or states (NB_OUT_OPT), an
 * enum, an object or a list of objects of schema s. */
#define NB_OUT(n, t, d)                 \
    {                                   \
        n, t, 1, 0, 0, 0, NULL, NULL, d \
    }
#define NB_OUT_NULL(n, t, d)            \
    {                                   \
        n, t, 1, 1, 0, 0, NULL, NULL, d \
    }
#define NB_OUT_OPT(n, t, d)             \
    {                                   \
        n, t, 0, 0, 0, 0, NULL, NULL, d \
    }
#define NB_OUT_ENUM(n, v, d)                 \
    {                                        \
        n, NB_F_ENUM, 1, 0, 0, 0, v, NULL, d \
    }
#define NB_OUT_OBJ(n, s, d)                       \
    {                                             \
        n, NB_F_OBJECT, 1, 0, 0, 0, NULL, &(s), d \
    }
#define NB_OUT_LIST(n, s, d)                     \
    {                                            \
        n, NB_F_ARRAY, 1, 0, 0, 0, NULL, &(s), d \
    }
#define NB_OUT_IDS(n, d)                         \
    {                                            \
        n, NB_F_ARRAY, 1, 0, 0, 0, NULL, NULL, d \
    }
#define NB_OUT_LINKS                                                                          \
    {                                                                                         \
        "_links", NB_F_LINKS, 1, 0, 0, 0, NULL, NULL, "HAL-links: self en verwante resources" \
    }
#define NB_OUT_ID                                                                        \
    {                                                                                    \
        "id", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Het id, door de server gekozen" \
    }
/* The audit fields every stored resource carries. */
#define NB_OUT_AUDIT                                                          \
    NB_OUT("aangemaakt", NB_F_DATETIME, "Wanneer aangemaakt (UTC)"),          \
        NB_OUT("gewijzigd", NB_F_DATETIME, "Wanneer laatst gewijzigd (UTC)"), \
    {                                                                         \
        "versie", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL,                   \
            "Versienummer, 1 bij aanmaken, +1 bij elke wijziging"             \
    }

/*
 * A HAL list page named lname whose _embedded.<key> holds items of schema
 * item: defines `var` (extern const nb_schema) and its two tables.
 */
#define NB_SCHEMA_LIST(var, lname, key, item)                                               \
    static const nb_field var##_embedded_fields[] = {                                       \
        NB_OUT_LIST(key, item, "De resources op deze pagina")};                             \
    static const nb_schema var##_embedded =                                                 \
        NB_SCHEMA_OUT(lname "Embedded", var##_embedded_fields, NULL, "De resources (HAL)"); \
    static const nb_field var##_fields[] = {                                                \
        {"_links", NB_F_LINKS, 1, 0, 0, 0, NULL, NULL,                                      \
         "HAL-links: self, first, last en (waar er een is) prev en next"},                  \
        NB_OUT_OBJ("_embedded", var##_embedded, "De resources op deze pagina"),             \
        {"totaal", NB_F_INT, 1, 0, 0, INT64_MAX, NULL, NULL, "Aantal resources in totaal"}, \
        {"pagina", NB_F_INT, 1, 0, 1, INT64_MAX, NULL, NULL, "Deze pagina, vanaf 1"},       \
        {"paginaGrootte", NB_F_INT, 1, 0, 1, 100, NULL, NULL, "Aantal per pagina"}};        \
    const nb_schema var = NB_SCHEMA_OUT(lname, var##_fields, NULL, "Een pagina uit een lijst (HAL)")

/*
 * NB_SCHEMA_LIST for a list that also pages by keyset (?na=): totaal and
 * pagina are left out of a keyset page, so the document does not require
 * them.
 */
#define NB_SCHEMA_LIST_KEYSET(var, lname, key, item)                                        \
    static const nb_field var##_embedded_fields[] = {                                       \
        NB_OUT_LIST(key, item, "De resources op deze pagina")};                             \
    static const nb_schema var##_embedded =                                                 \
        NB_SCHEMA_OUT(lname "Embedded", var##_embedded_fields, NULL, "De resources (HAL)"); \
    static const nb_field var##_fields[] = {                                                \
        {"_links", NB_F_LINKS, 1, 0, 0, 0, NULL, NULL,                                      \
         "HAL-links: self, first, last en (waar er een is) prev en next; met na: self, "    \
         "first en (na een volle pagina) next"},                                            \
        NB_OUT_OBJ("_embedded", var##_embedded, "De resources op deze pagina"),             \
        {"totaal", NB_F_INT, 0, 0, 0, INT64_MAX, NULL, NULL,                                \
         "Aantal resources in totaal (niet met na: dan wordt niet geteld)"},                \
        {"pagina", NB_F_INT, 0, 0, 1, INT64_MAX, NULL, NULL,                                \
         "Deze pagina, vanaf 1 (niet met na)"},                                             \
        {"paginaGrootte", NB_F_INT, 1, 0, 1, 100, NULL, NULL, "Aantal per pagina"}};        \
    const nb_schema var = NB_SCHEMA_OUT(lname, var##_fields, NULL, "Een pagina uit een lijst (HAL)")

/*
 * Validates obj against schema; every problem is added to resp as an invalid
 * param named with its JSON path (prefix + name, e.g. "regels[2].niveau").
 * Returns the number of problems found (0 = valid).
 */
int nb_schema_validate(const json_t *obj, const nb_schema *schema, const char *prefix,
                       nb_resp *resp);

/*
 * A field or query parameter whose Dutch description starts with
 * NB_DEPRECATED is deprecated: openapi.json marks it deprecated: true (the
 * description says what to use instead and until when).
 */
#define NB_DEPRECATED "Verouderd:"
/* 1 when description (may be NULL) starts with NB_DEPRECATED. */
int nb_schema_is_deprecated(const char *description);

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
