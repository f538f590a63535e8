/*
 * store/db.c — choosing the driver for a database setting (store/db.h).
 */
#include "store/db.h"

#include <string.h>

const nb_db_driver *nb_db_driver_for(const char *target)
{
    if (target == NULL)
        return &nb_db_sqlite;
    if (strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0)
        return &nb_db_postgresql;
    /* a libpq keyword string: "host=/run/pg dbname=noaber" (starts with a
     * keyword and '='; a file name does not) */
    static const char *const keywords[] = {"host=",    "hostaddr=", "port=",    "dbname=", "user=",
                                           "service=", "password=", "sslmode=", NULL};
    for (int i = 0; keywords[i]; i++)
        if (strncmp(target, keywords[i], strlen(keywords[i])) == 0)
            return &nb_db_postgresql;
    return &nb_db_sqlite;
}
