/*
 * core/nltext.c — Dutch normalisation, stop words and a light stemmer; see
 * nltext.h.
 */
#include "core/nltext.h"

#include <stdlib.h>
#include <string.h>

/* Sorted (strcmp order): nb_nltext_is_stopword searches it with bsearch. */
static const char *const nb_nltext_stopwords[] = {
    "aan",       "aangaande", "al",       "alle",     "alles",        "als",
    "alsnog",    "altijd",    "andere",   "ben",      "bij",          "bijvoorbeeld",
    "binnen",    "circa",     "daar",     "daarbij",  "daarnaast",    "daarom",
    "dan",       "dat",       "de",       "der",      "deze",         "die",
    "dit",       "doch",      "doen",     "door",     "dus",          "een",
    "eens",      "eigen",     "elke",     "en",       "er",           "gaan",
    "gaat",      "ge",        "geen",     "gemeente", "gemeentelijk", "gemeentelijke",
    "gemeenten", "geweest",   "goed",     "graag",    "haar",         "had",
    "heb",       "hebben",    "heeft",    "hem",      "het",          "hier",
    "hierbij",   "hierin",    "hiervoor", "hij",      "hoe",          "hun",
    "ieder",     "iemand",    "iets",     "ik",       "in",           "is",
    "ja",        "je",        "jullie",   "kan",      "komen",        "komt",
    "kon",       "kunnen",    "maar",     "me",       "meer",         "men",
    "met",       "mij",       "mijn",     "moet",     "mogelijk",     "na",
    "naar",      "niet",      "niets",    "nieuw",    "nieuwe",       "nog",
    "nu",        "of",        "om",       "omdat",    "onder",        "ongeveer",
    "ons",       "onze",      "ook",      "op",       "opdracht",     "opdrachten",
    "over",      "per",       "project",  "reeds",    "samen",        "te",
    "tegen",     "toch",      "toen",     "tot",      "traject",      "tussen",
    "u",         "uit",       "uw",       "van",      "veel",         "via",
    "voor",      "waarbij",   "waarin",   "want",     "waren",        "was",
    "wat",       "we",        "wel",      "welke",    "werd",         "wezen",
    "wie",       "wij",       "wil",      "willen",   "worden",       "wordt",
    "zal",       "ze",        "zelf",     "zich",     "zij",          "zijn",
    "zo",        "zoals",     "zonder",   "zou",      "zullen",
};

typedef struct nb_nltext_key {
    const char *s;
    size_t len;
} nb_nltext_key;

static int nb_nltext_cmp(const void *k, const void *e)
{
    const nb_nltext_key *key = k;
    const char *w = *(const char *const *)e;
    size_t wl = strlen(w);
    size_t n = key->len < wl ? key->len : wl;
    int c = memcmp(key->s, w, n);
    if (c != 0)
        return c;
    return key->len < wl ? -1 : key->len > wl ? 1 : 0;
}

int nb_nltext_is_stopword(const char *word, size_t len)
{
    nb_nltext_key key = {word, len};
    return bsearch(&key, nb_nltext_stopwords,
                   sizeof nb_nltext_stopwords / sizeof nb_nltext_stopwords[0],
                   sizeof nb_nltext_stopwords[0], nb_nltext_cmp) != NULL;
}

static int nb_nltext_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int nb_nltext_ends(const char *w, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(w + len - n, suffix, n) == 0;
}

/* kk, dd, tt (and the other doubled consonants) at the end lose one. */
static size_t nb_nltext_undouble(const char *w, size_t len)
{
    if (len >= 4 && w[len - 1] == w[len - 2] && !nb_nltext_vowel(w[len - 1]))
        return len - 1;
    return len;
}

/* -en / -ene after a consonant, keeping a stem of at least 3. */
static int nb_nltext_strip_en(const char *w, size_t *len)
{
    size_t n = *len;
    if (nb_nltext_ends(w, n, "ene") && n - 3 >= 3 && !nb_nltext_vowel(w[n - 4])) {
        *len = nb_nltext_undouble(w, n - 3);
        return 1;
    }
    if (nb_nltext_ends(w, n, "en") && n - 2 >= 3 && !nb_nltext_vowel(w[n - 3]) &&
        !nb_nltext_ends(w, n - 2, "gem")) {
        *len = nb_nltext_undouble(w, n - 2);
        return 1;
    }
    return 0;
}

size_t nb_nltext_stem(char *w, size_t len)
{
    if (len < 4)
        return len;
    /* step 1: -heden, -en/-ene, -s/-se */
    if (nb_nltext_ends(w, len, "heden")) {
        w[len - 3] = 'i'; /* -heden → -heid: "he" + "id" */
        w[len - 2] = 'd';
        len -= 1;
    } else if (!nb_nltext_strip_en(w, &len)) {
        if (nb_nltext_ends(w, len, "se") && len - 2 >= 4 && strchr("rlnmk", w[len - 3]))
            len -= 2;
        else if (nb_nltext_ends(w, len, "s") && len - 1 >= 4 && strchr("rlnmk", w[len - 2]))
            len -= 1;
    }
    /* step 2: -e after a consonant */
    if (len >= 4 && w[len - 1] == 'e' && !nb_nltext_vowel(w[len - 2]))
        len = nb_nltext_undouble(w, len - 1);
    /* step 3a: -heid (then -en once more: "gelegenheid") */
    if (nb_nltext_ends(w, len, "heid") && len - 4 >= 3 && w[len - 5] != 'c') {
        len -= 4;
        (void)nb_nltext_strip_en(w, &len); /* a stem without -en stays as it is */
    }
    /* step 3b: -ing / -end, -lijk, -baar */
    if ((nb_nltext_ends(w, len, "ing") || nb_nltext_ends(w, len, "end")) && len - 3 >= 4)
        len = nb_nltext_undouble(w, len - 3);
    else if ((nb_nltext_ends(w, len, "lijk") || nb_nltext_ends(w, len, "baar")) && len - 4 >= 3)
        len -= 4;
    /* step 4: a long vowel before the final consonant is undoubled ("maak" = "mak") */
    if (len >= 4 && !nb_nltext_vowel(w[len - 1]) && w[len - 2] == w[len - 3] &&
        (w[len - 2] == 'a' || w[len - 2] == 'e' || w[len - 2] == 'o' || w[len - 2] == 'u') &&
        !nb_nltext_vowel(w[len - 4])) {
        w[len - 2] = w[len - 1];
        len -= 1;
    }
    /* final v/z as f/s ("bedrijv" = "bedrijf", "huiz" = "huis") */
    if (w[len - 1] == 'v')
        w[len - 1] = 'f';
    else if (w[len - 1] == 'z')
        w[len - 1] = 's';
    return len;
}

/*
 * The ASCII letter a two-byte UTF-8 sequence C3 xx folds to (Latin-1
 * supplement: à..ÿ, À..Ý), or 0 when it is not a letter.
 */
static char nb_nltext_fold_c3(unsigned char x)
{
    static const char map[65] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"  /* C3 80..9F: À..ß */
                                "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* C3 A0..BF: à..ÿ */
    if (x < 0x80 || x > 0xBF)
        return 0;
    char c = map[x - 0x80];
    if (c < 'a' || c > 'z')
        return 0;
    return c;
}

static void nb_nltext_flush(char *word, size_t len, nb_nltext_emit emit, void *ctx, size_t *count)
{
    if (len < 3 || nb_nltext_is_stopword(word, len))
        return;
    size_t digits = 0;
    for (size_t i = 0; i < len; i++)
        digits += word[i] >= '0' && word[i] <= '9';
    if (digits == len)
        return;
    char stem[NB_NLTEXT_TOKEN_MAX];
    memcpy(stem, word, len);
    size_t sl = nb_nltext_stem(stem, len);
    emit(stem, sl, word, len, ctx);
    (*count)++;
}

size_t nb_nltext_tokens(const char *text, nb_nltext_emit emit, void *ctx)
{
    char word[NB_NLTEXT_TOKEN_MAX];
    size_t len = 0, count = 0;
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    for (;; p++) {
        unsigned char c = *p;
        char out = 0;
        if (c >= 'A' && c <= 'Z')
            out = (char)(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out = (char)c;
        else if (c == 0xC3 && p[1] != 0) {
            out = nb_nltext_fold_c3(p[1]);
            p++;
        }
        if (out != 0) {
            if (len < sizeof word)
                word[len++] = out;
            continue;
        }
        nb_nltext_flush(word, len, emit, ctx, &count);
        len = 0;
        if (c == 0)
            break;
    }
    return count;
}
