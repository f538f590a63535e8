/*
 * util/attr.h — compiler attributes of noaber, behind project macros.
 *
 * NB_MUST_USE marks a function whose result must be looked at: a status code
 * (0 / negative NB_E*, an SQLite result code, a problem count, an index that
 * may be negative) or a pointer the caller must free or check for NULL.
 * Calling it as a bare statement then fails to compile (-Werror).
 *
 * NB_IGNORE(call, why) is the one way to drop such a result on purpose; why is
 * a string literal saying why ignoring is right, kept in the source for the
 * reader (and grep). A plain (void) cast does not silence GCC's
 * warn_unused_result; `(void)!` does, for any scalar or pointer result.
 *
 * The rule (docs/DEVELOPING.md, "Checked return codes"): every function
 * declared in a header of src/store, src/core, src/web or src/util that
 * returns a status or an owned/nullable pointer carries NB_MUST_USE in front
 * of its declaration. Pure value getters (names, counts of a graph) do not.
 */
#ifndef NB_UTIL_ATTR_H
#define NB_UTIL_ATTR_H

#if defined(__GNUC__) || defined(__clang__)
#define NB_MUST_USE __attribute__((warn_unused_result))
#else
#define NB_MUST_USE
#endif

#define NB_IGNORE(call, why) ((void)sizeof(why), (void)!(call))

#endif
