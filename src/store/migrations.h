/*
 * store/migrations.h — the numbered schema migrations embedded in the binary.
 *
 * The SQL lives in migrations/sqlite/NNN_name.sql, and in the PostgreSQL
 * dialect in migrations/postgresql/NNN_name.sql (same numbers, same schema);
 * the build embeds both (scripts/embed_migrations.py). Migration N brings the
 * schema to version N.
 */
#ifndef NB_STORE_MIGRATIONS_H
#define NB_STORE_MIGRATIONS_H

typedef struct nb_migration {
    int version;
    const char *name;
    const char *sql;
} nb_migration;

extern const nb_migration nb_migrations[];
extern const int nb_migrations_count;
extern const nb_migration nb_migrations_pg[];
extern const int nb_migrations_pg_count;

#endif
