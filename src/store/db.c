/*
 * store/db.c — choosing the driver for a database setting (store/db.h).
 */
#include "store/db.h"

#include <string.h>

const nb_db_driver *nb_db_driver_for(const char *target)
{
    (void)target;
    return &nb_db_sqlite;
}
