#!/usr/bin/env bash
# scripts/restore.sh BACKUP — the reverse of backup.sh, into an EMPTY database (DATABASE_URL; made
# if missing) and an EMPTY uploads folder (UPLOAD_DIR). Checks every backup file's SHA-256 before
# it starts and every restored upload's after. Then run, as the README says:
#   flask db upgrade         (when the code is newer than the backup)
#   flask points reconcile   (the books must be clean)
# Leaderboards and caches live in Redis and rebuild themselves from the database on first use.
set -euo pipefail
umask 027
[ $# -eq 1 ] || { echo "usage: scripts/restore.sh BACKUP_FOLDER" >&2; exit 2; }
SRC=$(realpath "$1")
cd "$(dirname "$0")/.."
. scripts/db_credentials.sh
: "${UPLOAD_DIR:?UPLOAD_DIR is not set}"

(cd "$SRC" && sha256sum --quiet -c SHA256SUMS) || { echo "restore: $SRC is damaged" >&2; exit 1; }

mariadb --defaults-extra-file="$DB_OPTIONS" -e \
  "CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4"
tables=$(mariadb --defaults-extra-file="$DB_OPTIONS" -N -e \
  "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '$DB_NAME'")
[ "$tables" = 0 ] || { echo "restore: database $DB_NAME is not empty ($tables tables)" >&2; exit 1; }
mkdir -p "$UPLOAD_DIR"
[ -z "$(ls -A "$UPLOAD_DIR")" ] || { echo "restore: $UPLOAD_DIR is not empty" >&2; exit 1; }

gunzip -c "$SRC/database.sql.gz" | mariadb --defaults-extra-file="$DB_OPTIONS" "$DB_NAME"
tar -C "$UPLOAD_DIR" -xzf "$SRC/uploads.tar.gz"
(cd "$UPLOAD_DIR" && sha256sum --quiet -c "$SRC/uploads.sha256") \
  || { echo "restore: uploaded files differ from the backup" >&2; exit 1; }
echo "restore: $DB_NAME and $UPLOAD_DIR restored from $SRC; now: flask db upgrade && flask points reconcile"
