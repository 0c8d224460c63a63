# Sourced by backup.sh and restore.sh: turns DATABASE_URL (SQLAlchemy form,
# mysql+pymysql://user:password@host:port/db?charset=utf8mb4) into a private MariaDB option file,
# so the password never appears on a command line (ps would show it), and sets DB_NAME.
[ -n "${DATABASE_URL:-}" ] || { echo "DATABASE_URL is not set" >&2; exit 2; }
DB_OPTIONS=$(mktemp)
trap 'rm -f "$DB_OPTIONS"' EXIT
chmod 600 "$DB_OPTIONS"
DB_NAME=$(python3 - "$DB_OPTIONS" <<'PY'
import os, sys
from urllib.parse import unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if not url.scheme.startswith(("mysql", "mariadb")):
    sys.exit(f"DATABASE_URL must be MySQL/MariaDB, not {url.scheme}")
def quoted(value):  # option-file values in double quotes, with \ and " escaped
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
with open(sys.argv[1], "w") as options:
    options.write("[client]\n")
    options.write(f"host={url.hostname or '127.0.0.1'}\nport={url.port or 3306}\n")
    if url.username:
        options.write(f"user={quoted(unquote(url.username))}\n")
    if url.password:
        options.write(f"password={quoted(unquote(url.password))}\n")
    options.write("default-character-set=utf8mb4\n")
print(unquote(url.path.lstrip("/")))
PY
)
[ -n "$DB_NAME" ] || { echo "DATABASE_URL names no database" >&2; exit 2; }
