#!/bin/sh
# tests/store/sql_only_in_store.sh — SQL lives only in src/store/ (DEVELOPING.md):
# no sqlite3_* call and no SQL statement text in any other source file.
# usage: sql_only_in_store.sh SRC_DIR
src=${1:?usage: sql_only_in_store.sh SRC_DIR}
found=$(grep -rlE 'sqlite3_[a-z]|"(SELECT|INSERT|UPDATE|DELETE) ' "$src" --include='*.c' --include='*.h' |
        grep -v "^$src/store/")
if [ -n "$found" ]; then
    echo "SQL outside src/store/:" >&2
    echo "$found" >&2
    exit 1
fi
echo "ok: SQL only in $src/store/"
