# shellcheck shell=bash
# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
#
# Shared by setup/run, setup/test, setup/shell and setup/bench: finds or
# installs what the product needs (system packages, Odoo 19.0 source, a Python
# 3.11 virtualenv, PostgreSQL) and writes the Odoo configuration. Every step is
# idempotent and returns at once when nothing changed.
#
# Settings (environment variables, all optional):
#   ODOO_SRC            an Odoo 19.0 community source tree (with odoo-bin)
#   RECLAMATION_CACHE   cache folder outside the repository
#                       (default: ${XDG_CACHE_HOME:-~/.cache}/reclamation-charter)
#   ODOO_GIT_URL        where to clone Odoo 19.0 from when no tree is found
#   PYTHON              the Python 3.11 interpreter (default: python3.11)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD
#                       use that PostgreSQL server instead of a private cluster
#   RECLAMATION_HTTP_PORT  port of setup/run (default 8069)
#   RECLAMATION_WORKERS    worker processes of setup/run (default 0: threads)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDONS="reclamation_charter,reclamation_charter_portal"
ODOO_BRANCH="19.0"
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
CACHE=${RECLAMATION_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/reclamation-charter}
PYTHON=${PYTHON:-python3.11}
VENV="$CACHE/venv-py3.11"
STATE="$CACHE/state"
SYSTEM_PACKAGES=(postgresql chromium wkhtmltopdf poppler-utils libldap2-dev libsasl2-dev libpq-dev build-essential)

log() { printf '\033[1m[reclamation]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\n\033[1;31m[reclamation] ERROR:\033[0m %s\n\n' "$*" >&2
    exit 2
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

ensure_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || {
        log "Not a Debian system: make sure these are installed: ${SYSTEM_PACKAGES[*]}"
        return 0
    }
    local missing=() pkg
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "Installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends "${missing[@]}" >/dev/null ||
        die "Could not install the system packages ${missing[*]}. Install them (apt-get install ${missing[*]}) and run again."
}

is_odoo_19_tree() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] &&
        grep -q "^version_info = (19, 0," "$1/odoo/release.py"
}

# Sets ODOO_SRC: $ODOO_SRC, else the cache, else a clone of branch 19.0.
ensure_odoo_src() {
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo_19_tree "$ODOO_SRC" ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (it needs odoo-bin and odoo/release.py of version 19.0)."
    elif is_odoo_19_tree "$CACHE/odoo-$ODOO_BRANCH"; then
        ODOO_SRC="$CACHE/odoo-$ODOO_BRANCH"
    else
        log "No Odoo 19.0 source tree found; cloning $ODOO_GIT_URL (branch $ODOO_BRANCH) into $CACHE/odoo-$ODOO_BRANCH"
        mkdir -p "$CACHE"
        rm -rf "$CACHE/odoo-$ODOO_BRANCH.partial"
        if git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" \
            "$CACHE/odoo-$ODOO_BRANCH.partial" && is_odoo_19_tree "$CACHE/odoo-$ODOO_BRANCH.partial"; then
            mv "$CACHE/odoo-$ODOO_BRANCH.partial" "$CACHE/odoo-$ODOO_BRANCH"
            ODOO_SRC="$CACHE/odoo-$ODOO_BRANCH"
        else
            rm -rf "$CACHE/odoo-$ODOO_BRANCH.partial"
            die "Odoo 19.0 is missing and could not be cloned from $ODOO_GIT_URL.
Provide an Odoo 19.0 community source tree (the folder holding odoo-bin) in one of these ways:
  - export ODOO_SRC=/path/to/odoo-19.0
  - or place it at $CACHE/odoo-$ODOO_BRANCH
  - or give this machine access to $ODOO_GIT_URL (or set ODOO_GIT_URL to a mirror)"
        fi
    fi
    export ODOO_SRC
}

# A Python 3.11 virtualenv with Odoo's requirements and ours, all pinned.
ensure_venv() {
    command -v "$PYTHON" >/dev/null 2>&1 ||
        die "$PYTHON not found: Odoo 19.0 here runs on Python 3.11 (set PYTHON to its interpreter)."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
        die "$PYTHON is not Python 3.11."
    local stamp_file="$VENV/.reclamation-stamp" stamp
    stamp=$(cat "$ODOO_SRC/requirements.txt" "$REPO/setup/requirements.txt" \
        "$REPO/setup/constraints.txt" <(echo "$ODOO_SRC") | sha256sum | cut -c1-16)
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    log "Installing Python packages into $VENV (first run takes a few minutes)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local pip=("$VENV/bin/python" -m pip --quiet --disable-pip-version-check)
    # Odoo from its source tree, as a plain path (compat mode): Odoo lists
    # odoo.addons' paths and an import hook is not a directory.
    "${pip[@]}" install --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC"
    "${pip[@]}" install -r "$ODOO_SRC/requirements.txt" -r "$REPO/setup/requirements.txt" \
        -c "$REPO/setup/constraints.txt"
    "${pip[@]}" check >/dev/null || die "Python packages are inconsistent: $("${pip[@]}" check)"
    echo "$stamp" >"$stamp_file"
}

venv_site_addons() {
    "$VENV/bin/python" -c 'import sysconfig, os; print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))'
}

# Where the private cluster lives, and its port.
private_pg_root() {
    if [ "$(id -u)" = 0 ]; then
        echo "${RECLAMATION_PGDATA:-/var/lib/reclamation-charter/postgres}"
    else
        echo "${RECLAMATION_PGDATA:-$CACHE/postgres}"
    fi
}
private_pg_port() { echo "${RECLAMATION_PGPORT:-5439}"; }

# PostgreSQL: the server the PG* variables name, else a private cluster that
# listens on a Unix socket only, run by an unprivileged user, stopped on exit
# by whoever started it.
PG_STARTED_HERE=""
ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ]; then
        log "Using the PostgreSQL server of PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}"
        DB_USER=${PGUSER:-$(id -un)}
        return 0
    fi
    local bindir
    bindir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bindir" ] || bindir=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")
    [ -x "$bindir/pg_ctl" ] || die "PostgreSQL server binaries not found (install the postgresql package, or set PGHOST/PGPORT/PGUSER)."
    local run_as=() owner
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the cluster belongs to a system user,
        # in a folder that user can reach.
        owner=reclamation-pg
        id "$owner" >/dev/null 2>&1 ||
            useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$owner"
        run_as=(runuser -u "$owner" --)
    else
        owner=$(id -un)
    fi
    PGROOT=$(private_pg_root)
    PG_SOCKET_DIR="$PGROOT/run"
    PG_PORT=$(private_pg_port)
    DB_USER=odoo
    mkdir -p "$PGROOT/run"
    chown "$owner" "$PGROOT" "$PGROOT/run"
    chmod 700 "$PGROOT" "$PGROOT/run"
    if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
        log "Creating a private PostgreSQL cluster in $PGROOT/data"
        "${run_as[@]}" "$bindir/initdb" --pgdata="$PGROOT/data" --username="$DB_USER" \
            --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! "${run_as[@]}" "$bindir/pg_ctl" --pgdata="$PGROOT/data" status >/dev/null 2>&1; then
        "${run_as[@]}" "$bindir/pg_ctl" --pgdata="$PGROOT/data" --log="$PGROOT/server.log" \
            --wait --options="-c listen_addresses='' -c unix_socket_directories='$PG_SOCKET_DIR' -p $PG_PORT -c synchronous_commit=off" \
            start >/dev/null || die "PostgreSQL did not start; see $PGROOT/server.log"
        PG_STARTED_HERE="${run_as[*]} $bindir/pg_ctl --pgdata=$PGROOT/data --mode=fast stop"
        trap stop_postgres EXIT
        log "PostgreSQL started (socket in $PG_SOCKET_DIR, port $PG_PORT); it stops when this command ends"
    fi
    export PGHOST="$PG_SOCKET_DIR" PGPORT="$PG_PORT" PGUSER="$DB_USER"
}

stop_postgres() {
    if [ -n "$PG_STARTED_HERE" ]; then
        log "Stopping PostgreSQL"
        $PG_STARTED_HERE >/dev/null 2>&1 || true
        PG_STARTED_HERE=""
    fi
}

db_exists() {
    [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = 1 ]
}

# The Odoo data folder (filestore, sessions) for the PostgreSQL server in
# use. Odoo names a database's filestore folder after the database only, so
# each server has a folder of its own: a database of another server that
# bears the same name keeps its files when these scripts drop or recreate
# theirs. The private cluster's is $CACHE/data; another server's is
# $CACHE/data-servers/<its system identifier> (or, if the server does not
# tell it, <PGHOST>_<PGPORT>).
data_dir() {
    if [ -z "${PGHOST:-}${PGPORT:-}" ] || {
        [ "${PGHOST:-}" = "$(private_pg_root)/run" ] &&
            [ "${PGPORT:-5432}" = "$(private_pg_port)" ]
    }; then
        echo "$CACHE/data"
        return
    fi
    local server
    server=$(db_query postgres "SELECT system_identifier FROM pg_control_system()")
    [ -n "$server" ] || server=$(printf '%s_%s' "${PGHOST:-}" "${PGPORT:-}" | tr -c 'A-Za-z0-9._-' '_')
    echo "$CACHE/data-servers/$server"
}

# Removes what these scripts keep of database $1 outside the server: its
# files in the server's data folder and its addons stamp.
remove_db_files() {
    local db=$1
    rm -rf "$(data_dir)/filestore/$db" "$STATE/$db.addons-stamp"
}

# Writes the Odoo configuration file for database $1 and prints its path.
write_odoo_conf() {
    local db=$1 http_port=$2 conf
    mkdir -p "$STATE"
    conf="$STATE/odoo-$db.conf"
    cat >"$conf" <<EOF
[options]
addons_path = $ODOO_SRC/addons,$(venv_site_addons),$REPO
data_dir = $(data_dir)
db_host = ${PGHOST:-}
db_port = ${PGPORT:-}
db_user = ${DB_USER}
db_password = ${PGPASSWORD:-}
db_name = $db
dbfilter = ^$db\$
list_db = False
http_interface = 127.0.0.1
http_port = $http_port
gevent_port = $((http_port + 3))
max_cron_threads = 1
EOF
    echo "$conf"
}

odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"
}

# axe-core (the WCAG checker the portal's accessibility tests inject into the
# pages), from the npm registry, pinned, into the cache folder (not the repo).
# Exports RECLAMATION_AXE_JS, the path of its axe.min.js.
AXE_CORE_VERSION="4.14.1"
ensure_axe_core() {
    local prefix="$CACHE/npm"
    export RECLAMATION_AXE_JS="$prefix/node_modules/axe-core/axe.min.js"
    if [ -f "$RECLAMATION_AXE_JS" ] && grep -q "\"version\": \"$AXE_CORE_VERSION\"" \
        "$prefix/node_modules/axe-core/package.json" 2>/dev/null; then
        return 0
    fi
    if ! command -v npm >/dev/null 2>&1; then
        log "Installing npm (to fetch axe-core)"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends nodejs npm >/dev/null ||
            die "Could not install npm. Install it (apt-get install nodejs npm) and run again."
    fi
    log "Installing axe-core $AXE_CORE_VERSION into $prefix"
    mkdir -p "$prefix"
    npm install --silent --no-audit --no-fund --save-exact --prefix "$prefix" \
        "axe-core@$AXE_CORE_VERSION" >/dev/null ||
        die "Could not install axe-core $AXE_CORE_VERSION from the npm registry (npm install --prefix $prefix axe-core@$AXE_CORE_VERSION)."
}

ensure_all() {
    ensure_system_packages
    ensure_odoo_src
    ensure_venv
    ensure_postgres
}

addons_stamp() {
    (cd "$REPO" && find reclamation_charter reclamation_charter_portal -type f \
        -not -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# The databases these scripts create carry a marker inside them: the system
# parameter reclamation_charter.setup_<kind>_database (kind: demo, test,
# bench or scale) holding the database's own name, written as soon as Odoo has
# initialised it (a copy under another name is not marked). The scripts drop
# or recreate only a database with their marker: any other database is left
# as it is.
db_marker_key() { echo "reclamation_charter.setup_$1_database"; }

# Prints the value of a query's first column, or nothing when it fails (no
# such database, not an Odoo database); further arguments are psql variables.
db_query() {
    local db=$1 sql=$2
    shift 2
    psql -d "$db" -X -At -v ON_ERROR_STOP=1 "$@" <<<"$sql" 2>/dev/null || true
}

db_is_marked() {
    local db=$1 kind=$2
    [ "$(db_query "$db" "SELECT value FROM ir_config_parameter WHERE key = :'key'" \
        -v key="$(db_marker_key "$kind")")" = "$db" ]
}

# Whether both addons are installed in database $1 with their demo data.
db_has_demo() {
    [ "$(db_query "$1" "SELECT count(*) FROM ir_module_module
        WHERE name IN ('reclamation_charter', 'reclamation_charter_portal')
        AND state = 'installed' AND demo")" = 2 ]
}

# What database $1 holds, in a few words, for the messages below.
db_description() {
    local db=$1 modules
    if [ -z "$(db_query "$db" "SELECT 1 FROM ir_module_module LIMIT 1")" ]; then
        echo "it is not an Odoo database"
        return
    fi
    modules=$(db_query "$db" "SELECT string_agg(name || CASE WHEN demo
            THEN ' (installed with demo data)' ELSE ' (installed without demo data)' END,
            ', ' ORDER BY name)
        FROM ir_module_module WHERE state = 'installed'
        AND name IN ('reclamation_charter', 'reclamation_charter_portal')")
    echo "it is an Odoo database holding ${modules:-neither reclamation_charter nor reclamation_charter_portal}"
}

# Stops, changing nothing, because database $1 is not the scripts' $2
# database; $3 is the variable that names it.
refuse_foreign_db() {
    local db=$1 kind=$2 variable=$3
    die "The database $db exists, but these scripts did not create it as their $kind database (it lacks their marker $(db_marker_key "$kind")): $(db_description "$db").
Nothing was changed in it. Either choose another database with $variable=<name>, or, if nothing in $db is worth keeping, drop it yourself (dropdb $db) and run this command again."
}

# Creates database $1 (which does not exist) with Odoo's base module and marks
# it as the scripts' $3 database; further arguments go to Odoo.
create_marked_db() {
    local db=$1 conf=$2 kind=$3
    shift 3
    remove_db_files "$db"
    if ! odoo_bin -c "$conf" -d "$db" -i base "$@" --stop-after-init --log-level=warn; then
        # It did not exist: whatever is there now was created by this attempt.
        if db_exists "$db"; then dropdb "$db"; fi
        die "Creating the database $db failed (see the messages above)."
    fi
    mark_db "$db" "$kind"
}

# Marks database $1, which these scripts have just created, as their $2
# database.
mark_db() {
    local db=$1 kind=$2
    psql -d "$db" -X -q -v ON_ERROR_STOP=1 -v key="$(db_marker_key "$kind")" -v db="$db" <<'SQL' ||
INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date)
VALUES (:'key', :'db', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
SQL
        die "Could not mark the new database $db as the $kind database of these scripts."
}

# Drops database $1 if it exists and carries the scripts' $2 marker; stops,
# changing nothing, if it exists without it ($3 is the variable naming it).
drop_marked_db() {
    local db=$1 kind=$2 variable=$3
    if db_exists "$db"; then
        db_is_marked "$db" "$kind" || refuse_foreign_db "$db" "$kind" "$variable"
        log "Dropping database $db"
        dropdb "$db"
    fi
    remove_db_files "$db"
}

# The demo database: created with both addons, demo data and French on first
# run; the addons are updated when their files changed since the last run.
# A database of that name that these scripts did not create is only updated,
# and only if it already has both addons with their demo data.
prepare_demo_db() {
    local db=$1 conf=$2 stamp marked=""
    stamp=$(addons_stamp)
    if ! db_exists "$db"; then
        log "Creating the demo database $db (both addons, demo data, English and French)"
        create_marked_db "$db" "$conf" demo --with-demo
        odoo_bin -c "$conf" -d "$db" -i "$ADDONS" --with-demo --load-language=en_US,fr_FR \
            --stop-after-init --log-level=warn ||
            die "Creating the demo database failed (see the messages above)."
        if ! db_has_demo "$db"; then
            dropdb "$db"
            die "The demo data of reclamation_charter failed to load (see the traceback above); the demo database was removed."
        fi
    else
        if db_is_marked "$db" demo; then
            marked=1
        elif ! db_has_demo "$db"; then
            refuse_foreign_db "$db" demo RECLAMATION_DB
        fi
        if [ "$(cat "$STATE/$db.addons-stamp" 2>/dev/null)" != "$stamp" ]; then
            log "Updating the addons in $db"
            odoo_bin -c "$conf" -d "$db" -u "$ADDONS" --stop-after-init --log-level=warn ||
                die "Updating the addons in $db failed (see the messages above)."
            if ! db_has_demo "$db"; then
                # New demo records that need a method call (publishing, for
                # instance) cannot be added by an update: start afresh, but
                # only from a database these scripts created.
                [ -n "$marked" ] ||
                    die "The demo data in $db could not be brought up to date, and these scripts did not create $db (it lacks their marker $(db_marker_key demo)), so they do not recreate it. Choose another database with RECLAMATION_DB=<name>, or, if nothing in $db is worth keeping, drop it yourself (dropdb $db) and run this command again."
                log "The demo data could not be brought up to date: recreating $db"
                drop_marked_db "$db" demo RECLAMATION_DB
                prepare_demo_db "$db" "$conf"
                return
            fi
        fi
    fi
    echo "$stamp" >"$STATE/$db.addons-stamp"
}
