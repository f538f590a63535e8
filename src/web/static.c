/*
 * web/static.c — serves the embedded stylesheets (static.h).
 */
#include "web/static.h"

#include <stdio.h>
#include <string.h>

int nb_web_static(nb_web_req *w, nb_resp *resp)
{
    const char *file = w->req->params[0];
    for (size_t i = 0; i < nb_web_assets_count; i++) {
        const nb_web_asset *a = &nb_web_assets[i];
        if (strcmp(a->file, file) != 0)
            continue;
        nb_buf_append(&resp->raw, a->data, a->len);
        if (resp->raw.oom)
            return NB_ENOMEM;
        resp->content_type = a->content_type;
        resp->status = 200;
        snprintf(resp->extra_header[1], sizeof resp->extra_header[1],
                 "Cache-Control: public, max-age=31536000, immutable");
        return 0;
    }
    return nb_resp_problem(resp, 404, "Niet gevonden", "Dit bestand bestaat niet.");
}
