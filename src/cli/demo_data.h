/*
 * cli/demo_data.h — the fixed tables behind the demo network: member
 * municipalities with their real CBS codes and plausible figures, the
 * competency catalogue, Lochem's four role profiles, and Dutch names.
 * All static, read-only data.
 */
#ifndef NB_CLI_DEMO_DATA_H
#define NB_CLI_DEMO_DATA_H

#include <stddef.h>
#include <stdint.h>

typedef struct nb_demo_member {
    const char *code;
    const char *kind; /* gemeente, pool, partner */
    const char *name;
    int64_t inhabitants;
    int64_t area_hundredths; /* km² × 100 */
    int64_t fte_hundredths;  /* formation × 100 */
    int64_t caseload;
    int64_t fund_euros;
} nb_demo_member;

typedef struct nb_demo_network {
    const char *name; /* drechtsteden, noordoost-twente, nationaal */
    const nb_demo_member *members;
    size_t nmembers;
} nb_demo_network;

typedef struct nb_demo_comp {
    const char *code;
    const char *name;
    const char *domain;
    int scarce; /* 1: only a handful of people hold it */
} nb_demo_comp;

typedef struct nb_demo_profile {
    const char *name;
    const char *description;
    const char *codes[8]; /* competency codes, NULL-terminated */
    int weights[8];
} nb_demo_profile;

/* demo_national.c: the 342 municipalities and 25 regional pools of
 * `--network nationaal`, region by region. */
#define NB_DEMO_NATIONAL_COUNT 367
extern const nb_demo_member nb_demo_national_members[];

extern const nb_demo_network nb_demo_networks[];
extern const size_t nb_demo_nnetworks;
extern const nb_demo_comp nb_demo_comps[];
extern const size_t nb_demo_ncomps;
extern const nb_demo_profile nb_demo_profiles[];
extern const size_t nb_demo_nprofiles;
extern const char *const nb_demo_first_names[];
extern const size_t nb_demo_nfirst;
extern const char *const nb_demo_last_names[];
extern const size_t nb_demo_nlast;
extern const char *const nb_demo_titles[6][4];            /* per domain index, job titles */
extern const char *const nb_demo_assignment_topics[6][6]; /* per domain index */

#endif
