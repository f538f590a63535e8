/*
 * http/target.h — checks on the raw request-target ("/api/v1/x?y=z") as the
 * client sent it, before libmicrohttpd's unescaping can hide anything: a %00
 * would cut the path short, %0A would break log lines, and bytes that are not
 * UTF-8 cannot be echoed in a JSON problem. Pure; no allocation.
 */
#ifndef NB_HTTP_TARGET_H
#define NB_HTTP_TARGET_H

#include <stddef.h>

/*
 * Checks raw (len bytes, need not be NUL-terminated): every '%' is followed
 * by two hex digits; no byte, raw or percent-decoded, is a control character
 * (0x00-0x1F, 0x7F); the decoded path and the decoded query are each valid
 * UTF-8 (no overlong forms, no surrogates). Returns 0 when raw passes, else
 * 1 and points *why at a static Dutch reason.
 */
int nb_target_check(const char *raw, size_t len, const char **why);

#endif
