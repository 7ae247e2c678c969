# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The set-up scripts drop or recreate only the databases they created.

Runs the real scripts against the running PostgreSQL on throwaway databases
(named after RECLAMATION_TEST_DB when set, never that database itself) and
removes them afterwards. Plain pytest: no Odoo registry is involved.
"""

import os
import re
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(
    os.environ.get("RECLAMATION_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "reclamation-charter"
)
STATE = CACHE / "state"
TIMEOUT = 300


PRIVATE_PG = {
    "PGHOST": "{}/run".format(
        os.environ.get("RECLAMATION_PGDATA")
        or (
            "/var/lib/reclamation-charter/postgres"
            if os.geteuid() == 0
            else str(CACHE / "postgres")
        )
    ),
    "PGPORT": os.environ.get("RECLAMATION_PGPORT", "5439"),
}


def _pg_env():
    """The server setup/test uses: the PG* variables it exported, else the
    private cluster that setup/_lib.sh starts."""
    env = dict(os.environ)
    if not any(env.get(name) for name in ("PGHOST", "PGPORT", "PGUSER")):
        env.update(PRIVATE_PG, PGUSER="odoo")
    return env


ENV = _pg_env()


def _psql(db, sql):
    done = subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _exists(db):
    return _psql("postgres", f"SELECT count(*) FROM pg_database WHERE datname = '{db}'")


def _tables(db):
    return _psql(
        db,
        "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
        "WHERE schemaname = 'public'",
    )


def _script(args, input_text="", **variables):
    """Runs a setup script; kills it and its children if it outlives TIMEOUT
    (a script that went on to install Odoo instead of stopping)."""
    env = dict(ENV, **variables)
    process = subprocess.Popen(
        args,
        cwd=REPO,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(input_text, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
    return process.returncode, out + err


@pytest.fixture
def throwaway_db():
    """A database name nobody uses; whatever bears it is removed afterwards."""
    prefix = os.environ.get("RECLAMATION_TEST_DB", "reclamation")
    name = f"{prefix[:30]}_probe_{uuid.uuid4().hex[:8]}"
    conf = STATE / f"odoo-{name}.conf"
    yield name
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name], env=ENV, capture_output=True
    )
    for path in (conf, STATE / f"{name}.addons-stamp"):
        path.unlink(missing_ok=True)


@pytest.fixture
def foreign_db(throwaway_db):
    """Someone's own database: a table with a contact in it."""
    subprocess.run(["createdb", throwaway_db], env=ENV, check=True)
    _psql(
        throwaway_db,
        "CREATE TABLE contact (name varchar); INSERT INTO contact VALUES ('Alice')",
    )
    return throwaway_db


def _assert_untouched(db, tables="contact"):
    assert _exists(db) == "1"
    assert _tables(db) == tables
    assert _psql(db, "SELECT name FROM contact") == "Alice"


def _assert_refused(code, output, db, variable):
    assert code == 2, output
    assert f"The database {db} exists, but these scripts did not create it" in output
    assert "Nothing was changed in it" in output
    assert f"{variable}=<name>" in output
    assert f"dropdb {db}" in output


def _port():
    """A port of the caller's range for setup/run, never 8069."""
    return str(int(os.environ.get("RECLAMATION_TEST_HTTP_PORT", "8169")) + 5)


def test_shell_refuses_a_database_it_did_not_create(foreign_db):
    code, output = _script(
        ["setup/shell"],
        "print('opened')",
        RECLAMATION_DB=foreign_db,
        RECLAMATION_HTTP_PORT=_port(),
    )
    _assert_refused(code, output, foreign_db, "RECLAMATION_DB")
    assert "it is not an Odoo database" in output
    assert "opened" not in output
    _assert_untouched(foreign_db)


def test_shell_does_not_update_addons_installed_without_demo(foreign_db):
    """The reported case: both addons installed without demo data. An update
    would find no demo data and recreate the database."""
    _psql(
        foreign_db,
        "CREATE TABLE ir_module_module (name varchar, state varchar, demo boolean);"
        "INSERT INTO ir_module_module VALUES"
        " ('reclamation_charter', 'installed', false),"
        " ('reclamation_charter_portal', 'installed', false)",
    )
    code, output = _script(
        ["setup/shell"],
        "print('opened')",
        RECLAMATION_DB=foreign_db,
        RECLAMATION_HTTP_PORT=_port(),
    )
    _assert_refused(code, output, foreign_db, "RECLAMATION_DB")
    assert (
        "reclamation_charter (installed without demo data), "
        "reclamation_charter_portal (installed without demo data)" in output
    )
    assert "Updating the addons" not in output
    _assert_untouched(foreign_db, tables="contact,ir_module_module")


def test_run_reset_refuses_a_database_it_did_not_create(foreign_db):
    code, output = _script(
        ["setup/run", "--reset"],
        RECLAMATION_DB=foreign_db,
        RECLAMATION_HTTP_PORT=_port(),
    )
    _assert_refused(code, output, foreign_db, "RECLAMATION_DB")
    assert "Dropping database" not in output
    _assert_untouched(foreign_db)


def test_test_and_bench_refuse_a_database_they_did_not_create(foreign_db):
    code, output = _script(["setup/test"], RECLAMATION_TEST_DB=foreign_db)
    _assert_refused(code, output, foreign_db, "RECLAMATION_TEST_DB")
    _assert_untouched(foreign_db)
    code, output = _script(
        ["setup/bench", "sla_create"], RECLAMATION_BENCH_DB=foreign_db
    )
    _assert_refused(code, output, foreign_db, "RECLAMATION_BENCH_DB")
    _assert_untouched(foreign_db)


def _drop_marked_db(db, kind):
    script = 'source setup/_lib.sh && drop_marked_db "$1" "$2" SOME_DB'
    return _script(["bash", "-c", script, "-", db, kind])


def test_only_a_database_with_its_marker_is_dropped(throwaway_db):
    db = throwaway_db
    subprocess.run(["createdb", db], env=ENV, check=True)
    _psql(
        db,
        "CREATE TABLE ir_config_parameter (key varchar UNIQUE, value text);"
        "INSERT INTO ir_config_parameter VALUES"
        " ('reclamation_charter.setup_test_database', 'another_db')",
    )
    # A copy of a test database under another name is not a test database.
    code, output = _drop_marked_db(db, "test")
    _assert_refused(code, output, db, "SOME_DB")
    assert _exists(db) == "1"
    _psql(db, f"UPDATE ir_config_parameter SET value = '{db}'")
    # The test database's marker does not make it a demo database.
    code, output = _drop_marked_db(db, "demo")
    _assert_refused(code, output, db, "SOME_DB")
    assert _exists(db) == "1"
    code, output = _drop_marked_db(db, "test")
    assert code == 0, output
    assert _exists(db) == "0"
    # A database that does not exist is fine.
    code, output = _drop_marked_db(db, "test")
    assert code == 0, output


def _conf_data_dir(db, **variables):
    """The data folder of the Odoo configuration the scripts write for
    database ``db`` (on the server ``variables`` name)."""
    script = (
        'source setup/_lib.sh && ensure_odoo_src >/dev/null && DB_USER="$PGUSER" '
        '&& cat "$(write_odoo_conf "$1" "$2")"'
    )
    code, output = _script(["bash", "-c", script, "-", db, _port()], **variables)
    assert code == 0, output
    return Path(re.search(r"^data_dir = (.*)$", output, re.M).group(1))


@pytest.fixture
def another_server(tmp_path):
    """The tests' PostgreSQL server, reached as another server is: through
    a socket folder of its own."""
    if any(ENV.get(name) != value for name, value in PRIVATE_PG.items()):
        pytest.skip("The tests run on another server than the private cluster")
    socket_folder = tmp_path / "another-server"
    socket_folder.symlink_to(ENV["PGHOST"])
    return {"PGHOST": str(socket_folder)}


def test_files_of_another_servers_database_are_kept(throwaway_db, another_server):
    """Another server has its own database of the name the scripts use: its
    files are in a data folder of their own, which the scripts' database of
    that name on the private cluster never touches; the private cluster's
    leftovers of that name are removed."""
    db = throwaway_db
    other_data = _conf_data_dir(db, **another_server)
    private_data = _conf_data_dir(db)
    # Removed afterwards (the outermost first) if the test creates them.
    created = [
        folder
        for folder in (other_data.parent, other_data, private_data)
        if not folder.exists()
    ]
    letter = other_data / "filestore" / db / "ab" / "decision-letter"
    leftover = private_data / "filestore" / db / "cd" / "old-upload"
    try:
        for path in (letter, leftover):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-1.4")
        # What setup/run --reset does first on the private cluster, where
        # no database bears that name.
        code, output = _drop_marked_db(db, "demo")
        assert code == 0, output
        assert letter.read_bytes() == b"%PDF-1.4"
        assert not leftover.exists()
    finally:
        for folder in (other_data / "filestore" / db, private_data / "filestore" / db):
            shutil.rmtree(folder, ignore_errors=True)
        for folder in created:
            shutil.rmtree(folder, ignore_errors=True)
