/*
 * core/nltext.h — Dutch text for the bundling similarity (issue 10 §2),
 * pure: normalisation (lower case, diacritics folded to ASCII, everything
 * that is not a letter or digit a separator), a Dutch stop-word list and a
 * light Dutch stemmer (after the Snowball Dutch stemmer, without its R1/R2
 * regions: -heden, -en/-ene, -s/-se, -e, -heid, -ing/-end, -lijk/-baar,
 * double consonant and long vowel undoubling, final v/z to f/s), so that
 * "inzameling", "inzamelen" and "inzamel" meet, and "bedrijven" meets
 * "bedrijf".
 *
 * No globals, no I/O, no allocation.
 */
#ifndef NB_CORE_NLTEXT_H
#define NB_CORE_NLTEXT_H

#include "util/attr.h"

#include <stddef.h>

/* The longest token kept (longer words are cut to this many bytes). */
#define NB_NLTEXT_TOKEN_MAX 40

/*
 * Called once per kept token: stem (its stem, stem_len bytes, not
 * NUL-terminated) and surface (the normalised word it came from, surface_len
 * bytes). Both are borrowed for the duration of the call.
 */
typedef void (*nb_nltext_emit)(const char *stem, size_t stem_len, const char *surface,
                               size_t surface_len, void *ctx);

/*
 * Tokenises text (UTF-8, NUL-terminated; NULL is empty): normalises, drops
 * stop words, tokens shorter than 3 bytes and tokens of digits only, stems
 * the rest and calls emit for each. Returns the number of tokens emitted.
 */
size_t nb_nltext_tokens(const char *text, nb_nltext_emit emit, void *ctx);

/* 1 when word (len bytes, normalised) is a Dutch stop word, else 0. */
NB_MUST_USE int nb_nltext_is_stopword(const char *word, size_t len);

/*
 * Stems word (normalised ASCII, len bytes) in place; returns the stem's
 * length (<= len; never below 3 for a word of 3 bytes or more).
 */
size_t nb_nltext_stem(char *word, size_t len);

#endif
