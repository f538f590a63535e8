/*
 * api/api.h — the JSON handlers and body schemas, one file per resource.
 *
 * Handlers follow the contract of http/http.h: borrow the request, fill the
 * response, return 0 (also after a 4xx problem). They parse and check at the
 * edge, call store/ and core/, and render Dutch camelCase JSON.
 */
#ifndef NB_API_API_H
#define NB_API_API_H

#include "http/route.h"

/* openapi.c */
int nb_api_openapi(nb_req *req, nb_resp *resp);
json_t *nb_api_openapi_document(void); /* caller owns */

/* organisaties.c */
extern const nb_schema nb_schema_organisatie;
int nb_api_org_list(nb_req *req, nb_resp *resp);
int nb_api_org_get(nb_req *req, nb_resp *resp);
int nb_api_org_create(nb_req *req, nb_resp *resp);
int nb_api_org_update(nb_req *req, nb_resp *resp);

/* competenties.c */
extern const nb_schema nb_schema_competentie;
int nb_api_comp_list(nb_req *req, nb_resp *resp);
int nb_api_comp_get(nb_req *req, nb_resp *resp);
int nb_api_comp_create(nb_req *req, nb_resp *resp);
int nb_api_comp_update(nb_req *req, nb_resp *resp);

/* rolprofielen.c */
extern const nb_schema nb_schema_rolprofiel;
int nb_api_profile_list(nb_req *req, nb_resp *resp);
int nb_api_profile_get(nb_req *req, nb_resp *resp);
int nb_api_profile_create(nb_req *req, nb_resp *resp);
int nb_api_profile_update(nb_req *req, nb_resp *resp);

/* medewerkers.c */
extern const nb_schema nb_schema_medewerker;
int nb_api_person_list(nb_req *req, nb_resp *resp);
int nb_api_person_get(nb_req *req, nb_resp *resp);
int nb_api_person_create(nb_req *req, nb_resp *resp);
int nb_api_person_update(nb_req *req, nb_resp *resp);

/*
 * THE privacy rule for a person's personal data (DOMAIN rule 8): birth year,
 * expected exit date, competency levels and learning wishes of the person
 * person_id of organisation person_org. Returns NB_PERSON_VIS_PERSONAL when
 * the caller may see them — beheer; a coordinator of person_org; the
 * medewerker whose token is for person_id — and NB_PERSON_VIS_BASIC for
 * everyone else (other organisations' staff, lezer), who get only the
 * non-personal fields. Every module that renders or filters on personal
 * data asks this function.
 */
enum { NB_PERSON_VIS_BASIC = 0, NB_PERSON_VIS_PERSONAL = 1 };
int nb_api_person_visibility(const nb_req *req, int64_t person_org, int64_t person_id);

/* Helpers shared by the resource files (common.c). */

/* Serialises obj compactly for the audit log; caller frees. */
char *nb_api_audit_detail(const json_t *obj);

/* Records an audit entry for the request's actor; 0 = ok. */
int nb_api_audit(nb_req *req, const char *action, const char *entity, int64_t id,
                 const json_t *detail);

/* Sets resp->location to {base}/api/v1/{collection}/{id}. */
void nb_api_location(nb_req *req, nb_resp *resp, const char *collection, int64_t id);

/* True when the caller is network management. */
int nb_api_is_beheer(const nb_req *req);

#endif
