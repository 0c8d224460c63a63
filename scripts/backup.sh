#!/usr/bin/env bash
# scripts/backup.sh [DEST] — a backup that does not stop writes: the database with
# `mariadb-dump --single-transaction` (one consistent InnoDB snapshot, no table locks), then the
# private uploads as a tar, with a SHA-256 of every uploaded file and of every backup file.
#
# Settings (as in /etc/wanganlian/wanganlian.env): DATABASE_URL, UPLOAD_DIR; DEST defaults to
# $BACKUP_DIR/<UTC time> (BACKUP_DIR default /var/backups/wanganlian).
# The database goes first: every row in the dump names a file written before the dump began, so
# the uploads tar, taken after, holds it. Survey exports (SURVEY_EXPORT_DIR) are not backed up:
# they are made again from the database. Nor is Redis (see README, "What Redis holds").
# Copy DEST off the machine (and keep ID_ENCRYPTION_KEY elsewhere: the dump's ID numbers are
# encrypted with it).
set -euo pipefail
umask 077
cd "$(dirname "$0")/.."
. scripts/db_credentials.sh
: "${UPLOAD_DIR:?UPLOAD_DIR is not set}"
DEST=${1:-${BACKUP_DIR:-/var/backups/wanganlian}/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$DEST"
[ -z "$(ls -A "$DEST")" ] || { echo "backup: $DEST is not empty" >&2; exit 2; }

mariadb-dump --defaults-extra-file="$DB_OPTIONS" --single-transaction --quick --hex-blob \
  --no-tablespaces --skip-lock-tables "$DB_NAME" | gzip -6 > "$DEST/database.sql.gz"

mkdir -p "$UPLOAD_DIR"
(cd "$UPLOAD_DIR" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) \
  > "$DEST/uploads.sha256"
tar -C "$UPLOAD_DIR" -czf "$DEST/uploads.tar.gz" .

(cd "$DEST" && sha256sum database.sql.gz uploads.tar.gz uploads.sha256 > SHA256SUMS)
echo "backup: $DEST ($(du -sh "$DEST" | cut -f1); $(wc -l < "$DEST/uploads.sha256") uploaded files)"
