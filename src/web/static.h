/*
 * web/static.h — the stylesheets embedded in the binary.
 *
 * scripts/embed_assets.py turns the CSS files named in src/web/meson.build
 * (the NL Design System component library, the voorbeeld theme, noaber's
 * own layout sheet) into a generated C source at build time. Each is served
 * at /static/<name>.<hash>.css, hash = the first 16 hex digits of the
 * SHA-256 of its bytes, with a year's immutable cache lifetime: a changed
 * file gets a new URL.
 */
#ifndef NB_WEB_STATIC_H
#define NB_WEB_STATIC_H

#include "web/web.h"

#include <stddef.h>

typedef struct nb_web_asset {
    const char *name; /* "utrecht", "thema", "noaber" */
    const char *file; /* "utrecht.<hash>.css": the last path segment */
    const char *content_type;
    const unsigned char *data;
    size_t len;
} nb_web_asset;

/* Generated (web/assets.c in the build directory), in the order of the
 * <link> elements. */
extern const nb_web_asset nb_web_assets[];
extern const size_t nb_web_assets_count;

/* The page GET /static/{bestand}: the asset or a 404. */
int nb_web_static(nb_web_req *w, nb_resp *resp);

#endif
