# bench: server
# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's complaint list and page over HTTP, against helpdesk_mgmt's
/my/tickets on the same data.

Not an Odoo shell script (the marker on the first line tells setup/bench):
the pages are served by a real Odoo server, started here on a loopback port,
and read by a logged-in portal customer with ``requests``, as a browser
would. Times are measured on this side (``time.perf_counter``, median of
several GETs after a warm-up, each on a fresh server-side cache state only in
the sense of a new request); query counts are the server's own per-request
count, read from its werkzeug log line ("GET ... HTTP/1.1" 200 - <queries>
<query time> <other time>).

Data, on a copy of the benchmark database made here and dropped at the end:
one portal customer with 10 complaints (one created through the ORM, the
others SQL copies of it, as bench_scale does), then 1,000. Figures:

- portal_list_queries_10, portal_list_queries_1000: queries of one GET of
  /my/complaints;
- portal_list_ms_1000, portal_detail_ms_1000 (/my/complaints/<id>),
  helpdesk_mgmt_list_ms_1000 (/my/tickets, which lists no complaint: measured
  once the same 1,000 records are plain tickets): median milliseconds;
- portal_list_ms_1m_db: the scale benchmark's customer (1,000 complaints
  among 1,000,000) on ``<bench db>_scale``, if bench_scale.py has built it;
  that customer is given a password for the time of the run.

Usage: python bench_portal.py --config <odoo conf> --db <bench db> --port <port>
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
import uuid

import requests

RUNS = 9
WARMUP = 2
PASSWORD = "bench-portal-password"  # noqa: S105 (a throw-away database)
SCALE_BUILT_KEY = "reclamation_bench.scale_built"
SCALE_LOGIN = "scale.portal"
LOG_LINE = re.compile(
    r'"GET (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) - (?P<queries>\d+) '
)


def build_data(dbname):
    """The desk, the portal customer and their first 10 complaints
    (committed); returns what the GETs need."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        desk = env["helpdesk.ticket.team"].create(
            {"name": "Portal bench desk", "is_complaint_desk": True}
        )
        if not env["reclamation.sla.policy"].search_count([]):
            env["reclamation.sla.policy"]._create_preset("generic")
        handler = env["res.users"].create(
            {
                "name": "Portal bench handler",
                "login": "portal.bench.handler",
                "email": "portal.bench.handler@example.com",
                "group_ids": [
                    (4, env.ref("reclamation_charter.group_reclamation_handler").id)
                ],
            }
        )
        desk.user_ids = handler
        user = env["res.users"].create(
            {
                "name": "Portal bench customer",
                "login": "portal.bench",
                "password": PASSWORD,
                "email": "portal.bench@example.com",
                "group_ids": [(6, 0, env.ref("base.group_portal").ids)],
            }
        )
        template = env["helpdesk.ticket"].create(
            {
                "name": "Portal bench complaint",
                "description": "<p>Something went wrong.</p>",
                "team_id": desk.id,
                "partner_id": user.partner_id.id,
                "user_id": handler.id,
            }
        )
        assert template.is_complaint_desk and template.resolution_deadline
        env.flush_all()
        return {"login": "portal.bench", "ticket_id": template.id}


def as_plain_tickets(dbname, ticket_id):
    """helpdesk_mgmt's /my/tickets does not list complaints (they have their
    own list): to compare the two lists on the same data, the customer's
    1,000 complaints become plain tickets of a support team (committed)."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    with Registry(dbname).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        team = env["helpdesk.ticket.team"].create({"name": "Portal bench support"})
        env.flush_all()
        cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET is_complaint_desk = FALSE, team_id = %s "
                "WHERE partner_id = (SELECT partner_id FROM helpdesk_ticket "
                "WHERE id = %s)",
                team.id,
                ticket_id,
            )
        )
        return cr.rowcount


def copy_complaints(dbname, ticket_id, count):
    """``count`` SQL copies of the complaint, with their own number, subject
    and dates (committed)."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    with Registry(dbname).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
        )
        columns = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT count(*) FROM helpdesk_ticket")
        offset = cr.fetchone()[0]
        received = SQL("t.received_date - make_interval(secs => g * 60)")
        overrides = {
            "number": SQL("'PBENCH-' || (g + %s)", offset),
            "name": SQL("'Portal bench complaint ' || (g + %s)", offset),
            "access_token": SQL("NULL"),
            "create_date": received,
            "write_date": received,
            "received_date": received,
            "resolution_deadline": SQL(
                "t.resolution_deadline + make_interval(secs => g * 60)"
            ),
        }
        selected = SQL(", ").join(
            overrides.get(column, SQL.identifier("t", column)) for column in columns
        )
        cr.execute(
            SQL(
                "INSERT INTO helpdesk_ticket (%s) SELECT %s FROM helpdesk_ticket t, "
                "generate_series(1, %s) g WHERE t.id = %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                selected,
                count,
                ticket_id,
            )
        )
        cr.execute("ANALYZE helpdesk_ticket")
        env.invalidate_all()


def set_scale_password(dbname, password):
    """Give the scale customer a password (None: take it back); False when
    the scale database is not built."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    with Registry(dbname).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if env["ir.config_parameter"].get_param(SCALE_BUILT_KEY) != "1000000":
            return False
        user = env["res.users"].search([("login", "=", SCALE_LOGIN)])
        if not user:
            return False
        if password:
            user.password = password
        else:
            cr.execute("UPDATE res_users SET password = NULL WHERE id = %s", [user.id])
        return True


class Server:
    """Odoo serving ``dbname`` on 127.0.0.1:``port``, logging to a file."""

    def __init__(self, config, dbname, port, logfile):
        self.port, self.logfile = port, logfile
        from odoo import release

        odoo_bin = os.path.join(
            os.path.dirname(os.path.dirname(release.__file__)), "odoo-bin"
        )
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                odoo_bin,
                "-c",
                config,
                "-d",
                dbname,
                f"--db-filter=^{dbname}$",
                "--http-interface=127.0.0.1",
                f"--http-port={port}",
                f"--gevent-port={port + 1}",
                "--max-cron-threads=0",
                "--log-level=info",
                f"--logfile={logfile}",
            ]
        )
        self.base = f"http://127.0.0.1:{port}"
        for _i in range(240):
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped (see {logfile})")
            try:
                requests.get(f"{self.base}/web/webclient/version_info", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the server did not answer (see {logfile})")

    def stop(self, keep_log=False):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if not keep_log and os.path.exists(self.logfile):
            os.remove(self.logfile)

    def log_size(self):
        return os.path.getsize(self.logfile)

    def query_counts(self, since):
        """(path, status, queries) of the requests logged after ``since``."""
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            log.seek(since)
            return [
                (m["path"], int(m["status"]), int(m["queries"]))
                for m in LOG_LINE.finditer(log.read())
            ]


def login(server, user, password):
    session = requests.Session()
    page = session.get(f"{server.base}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = session.post(
        f"{server.base}/web/login",
        data={"login": user, "password": password, "csrf_token": token},
        timeout=30,
    )
    assert response.ok and "/web/login" not in response.url, response.url
    return session


def get(server, session, path):
    """One GET: milliseconds and the server's query count."""
    since = server.log_size()
    began = time.perf_counter()
    response = session.get(f"{server.base}{path}", timeout=120, allow_redirects=False)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (path, response.status_code)
    # The log line is written when the response is sent: wait for it.
    for _i in range(100):
        counts = [c for c in server.query_counts(since) if c[0] == path]
        if counts:
            return elapsed, counts[-1][2], response.text
        time.sleep(0.02)
    raise RuntimeError(f"no log line for {path}")


def median_ms(server, session, path):
    for _i in range(WARMUP):
        get(server, session, path)
    times, queries = [], []
    for _i in range(RUNS):
        ms, count, _text = get(server, session, path)
        times.append(ms)
        queries.append(count)
    return statistics.median(times), statistics.median(queries)


def rows_shown(text):
    return len(re.findall(r'href="/my/complaints/\d+', text))


def bench(config, source_db, port, scale_db=None):
    from odoo.service import db as db_service

    work_db = f"{source_db}_portal_{uuid.uuid4().hex[:6]}"
    logdir = os.environ.get("TMPDIR", "/tmp")
    db_service.exp_duplicate_database(source_db, work_db)
    figures = []
    try:
        data = build_data(work_db)
        copy_complaints(work_db, data["ticket_id"], 9)
        server = Server(config, work_db, port, os.path.join(logdir, f"{work_db}.log"))
        try:
            session = login(server, data["login"], PASSWORD)
            for _i in range(WARMUP):
                get(server, session, "/my/complaints")
            _ms, queries_10, text = get(server, session, "/my/complaints")
            assert rows_shown(text) >= 10, rows_shown(text)
            figures.append(("portal_list_queries_10", queries_10, "queries"))
        finally:
            server.stop(keep_log=sys.exc_info()[0] is not None)
        copy_complaints(work_db, data["ticket_id"], 990)
        server = Server(config, work_db, port, os.path.join(logdir, f"{work_db}.log"))
        try:
            session = login(server, data["login"], PASSWORD)
            for _i in range(WARMUP):
                get(server, session, "/my/complaints")
            _ms, queries_1000, text = get(server, session, "/my/complaints")
            assert "page/2" in text
            figures.append(("portal_list_queries_1000", queries_1000, "queries"))
            list_ms, _q = median_ms(server, session, "/my/complaints")
            detail_path = f"/my/complaints/{data['ticket_id']}"
            detail_ms, detail_q = median_ms(server, session, detail_path)
            assert as_plain_tickets(work_db, data["ticket_id"]) == 1000
            _ms, _q, text = get(server, session, "/my/tickets")
            assert "page/2" in text and "Portal bench complaint" in text
            tickets_ms, tickets_q = median_ms(server, session, "/my/tickets")
            figures += [
                ("portal_list_ms_1000", f"{list_ms:.1f}", "ms"),
                ("portal_detail_ms_1000", f"{detail_ms:.1f}", "ms"),
                ("portal_detail_queries_1000", int(detail_q), "queries"),
                ("helpdesk_mgmt_list_ms_1000", f"{tickets_ms:.1f}", "ms"),
                ("helpdesk_mgmt_list_queries_1000", int(tickets_q), "queries"),
            ]
        finally:
            server.stop(keep_log=sys.exc_info()[0] is not None)
    finally:
        db_service.exp_drop(work_db)

    if (
        not scale_db
        or not db_service.exp_db_exist(scale_db)
        or not set_scale_password(scale_db, PASSWORD)
    ):
        print(
            "  portal_list_ms_1m_db skipped: no scale database built with these "
            "addons (run setup/bench scale first)"
        )
    else:
        try:
            server = Server(
                config, scale_db, port, os.path.join(logdir, f"{scale_db}.log")
            )
            try:
                session = login(server, SCALE_LOGIN, PASSWORD)
                scale_ms, scale_q = median_ms(server, session, "/my/complaints")
                figures += [
                    ("portal_list_ms_1m_db", f"{scale_ms:.1f}", "ms"),
                    ("portal_list_queries_1m_db", int(scale_q), "queries"),
                ]
            finally:
                server.stop(keep_log=sys.exc_info()[0] is not None)
        finally:
            set_scale_password(scale_db, None)
    for name, value, unit in figures:
        print(f"BENCH {name} {value} {unit}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--scale-db", help="the 1,000,000-complaint database, when it is up to date"
    )
    args = parser.parse_args()
    from odoo.modules import initialize_sys_path
    from odoo.tools import config

    config.parse_config(
        ["-c", args.config, "-d", args.db, "--log-level=warn"], setup_logging=True
    )
    initialize_sys_path()
    # This process copies and drops its own work database (the server it
    # starts keeps the configuration's list_db = False).
    config["list_db"] = True
    bench(args.config, args.db, args.port, args.scale_db)


if __name__ == "__main__":
    main()
