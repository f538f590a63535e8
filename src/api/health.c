/*
 * api/health.c — the probes of a load balancer or orchestrator, outside the
 * versioned API (docs/operations.md):
 *
 *   GET /health/live    the process answers (no database work)
 *   GET /health/ready   it can serve: the database answers a query and the
 *                       server is not stopping; else 503 problem+json
 *
 * Both are public (a probe carries no token), take no parameters and are
 * not in openapi.json (its server is /api/v1).
 */
#include "api/api.h"

#include "util/log.h"

#include <jansson.h>

int nb_api_health_live(nb_req *req, nb_resp *resp)
{
    (void)req;
    return nb_resp_json(resp, 200, json_pack("{s:s}", "status", "pass"));
}

int nb_api_health_ready(nb_req *req, nb_resp *resp)
{
    if (nb_http_draining())
        return nb_resp_problem(resp, 503, "Server stopt",
                               "Deze server stopt: de verzoeken die lopen worden afgemaakt, "
                               "nieuwe horen bij een andere server.");
    nb_err err = {{0}};
    int version = 0;
    if (nb_store_ping(req->st, &version, &err) != 0) {
        nb_log_error("readiness: the database does not answer: %s", err.msg);
        return nb_resp_problem(resp, 503, "Database onbereikbaar",
                               "De database antwoordt niet; zie het log van de server.");
    }
    return nb_resp_json(resp, 200,
                        json_pack("{s:s, s:i}", "status", "pass", "schemaVersie", version));
}
