# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo as production runs it: a server with workers (separate processes, each
request in its own transaction) and its websocket server for live updates.

The tests install both addons on a database of their own, commit their data
there with an Odoo shell, start ``odoo-bin --workers`` on free ports of
127.0.0.1 with a data folder of their own, talk to it over HTTP and
websocket, and stop and drop everything afterwards. Nothing they do is seen
by, or rolled back with, the test database pytest-odoo runs on.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import websocket

from odoo import release
from odoo.tools import config

from odoo.addons.bus.websocket import WebsocketConnectionHandler

ODOO_BIN = Path(release.__file__).resolve().parent.parent / "odoo-bin"
INSTALL_TIMEOUT = 1800
START_TIMEOUT = 180
REQUEST_TIMEOUT = 120
HOURLY_LIMIT = 5
CUSTOMERS = 4
ATTEMPTS = 7

SETUP_SCRIPT = """
desk = env["helpdesk.ticket.team"].create(
    {"name": "Complaint desk", "is_complaint_desk": True}
)
env.company.write(
    {"reclamation_portal_team_id": desk.id,
     "reclamation_portal_max_per_hour": %(limit)d}
)
env["reclamation.sla.policy"]._create_preset("generic")
env["res.users"].create([
    {
        "name": "Workers customer %%d" %% i,
        "login": "workers-customer-%%d" %% i,
        "password": "workers-customer-%%d-pw" %% i,
        "email": "workers.customer.%%d@example.com" %% i,
        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
    }
    for i in range(%(customers)d)
])
env.cr.commit()
print("SETUP DONE")
"""

PING_SCRIPT = """
user = env["res.users"].search([("login", "=", "workers-customer-0")])
user.partner_id._bus_send("reclamation_test/ping", {"text": "%(text)s"})
env.cr.commit()
print("PING SENT")
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_env():
    env = dict(os.environ)
    for option, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        if config.get(option):
            env[variable] = str(config[option])
    return env


class WorkersServer:
    """A database of its own and ``odoo-bin --workers`` serving it."""

    def __init__(self, folder):
        prefix = os.environ.get("RECLAMATION_TEST_DB", "reclamation")
        self.db = f"{prefix[:30]}_workers_{uuid.uuid4().hex[:8]}"
        self.folder = Path(folder)
        self.http_port = _free_port()
        self.gevent_port = _free_port()
        while self.gevent_port == self.http_port:
            self.gevent_port = _free_port()
        self.logfile = self.folder / "odoo.log"
        self.outfile = self.folder / "odoo.out"
        self.process = None
        self.url = f"http://127.0.0.1:{self.http_port}"

    def _options(self):
        addons_path = config["addons_path"]
        if not isinstance(addons_path, str):
            addons_path = ",".join(addons_path)
        options = [
            f"--addons-path={addons_path}",
            f"--data-dir={self.folder / 'data'}",
            f"--database={self.db}",
            f"--db-filter=^{re.escape(self.db)}$",
            "--http-interface=127.0.0.1",
        ]
        for option in ("db_host", "db_port", "db_user", "db_password"):
            if config.get(option):
                options.append(f"--{option}={config[option]}")
        return options

    def _odoo(self, args, timeout, input_text=None):
        done = subprocess.run(
            [sys.executable, str(ODOO_BIN), *args, *self._options()],
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def install(self):
        self._odoo(
            [
                "--init=reclamation_charter,reclamation_charter_portal",
                "--stop-after-init",
                "--log-level=warn",
                "--max-cron-threads=0",
            ],
            INSTALL_TIMEOUT,
        )
        output = self.shell(
            SETUP_SCRIPT % {"limit": HOURLY_LIMIT, "customers": CUSTOMERS}
        )
        assert "SETUP DONE" in output

    def shell(self, script):
        return self._odoo(
            ["shell", "--log-level=warn", "--max-cron-threads=0", "--no-http"],
            REQUEST_TIMEOUT,
            input_text=script,
        )

    def start(self):
        with open(self.outfile, "w") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(ODOO_BIN),
                    *self._options(),
                    "--workers=4",
                    "--max-cron-threads=0",
                    f"--http-port={self.http_port}",
                    f"--gevent-port={self.gevent_port}",
                    f"--logfile={self.logfile}",
                    "--log-level=info",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                if requests.get(f"{self.url}/web/login", timeout=10).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        pytest.fail(f"Odoo with workers did not answer in time:\n{self.log()}")

    def log(self):
        return "\n".join(
            path.read_text(errors="replace")
            for path in (self.outfile, self.logfile)
            if path.exists()
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        subprocess.run(
            ["dropdb", "--if-exists", "--force", self.db],
            env=_pg_env(),
            capture_output=True,
            check=False,
        )

    def login(self, login, password):
        """A browser session of ``login``, and its CSRF token."""
        session = requests.Session()
        page = session.get(f"{self.url}/web/login", timeout=REQUEST_TIMEOUT)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = session.post(
            f"{self.url}/web/login",
            data={"login": login, "password": password, "csrf_token": token},
            timeout=REQUEST_TIMEOUT,
        )
        assert response.ok and "session_id" in session.cookies, response.text
        page = session.get(f"{self.url}/my/complaints/new", timeout=REQUEST_TIMEOUT)
        assert page.status_code == 200, page.text
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        return session, token

    def psql(self, sql):
        done = subprocess.run(
            ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.db, "-c", sql],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()


@pytest.fixture(scope="module")
def server():
    folder = tempfile.mkdtemp(prefix="reclamation-workers-")
    server = WorkersServer(folder)
    try:
        server.install()
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_hourly_limit_holds_across_workers(server):
    """Each customer sends more complaints at once than the hourly limit:
    the workers serve them in parallel, and no more than the limit of each
    customer's complaints is filed; the others are refused with the form's
    message."""
    sessions = [
        server.login(f"workers-customer-{i}", f"workers-customer-{i}-pw")
        for i in range(CUSTOMERS)
    ]
    start = threading.Barrier(CUSTOMERS * ATTEMPTS, timeout=REQUEST_TIMEOUT)

    def file_complaint(customer, attempt):
        session, token = sessions[customer]
        start.wait()
        return customer, session.post(
            f"{server.url}/my/complaints/new",
            data={
                "csrf_token": token,
                "subject": f"Complaint {attempt} of customer {customer}",
                "description": "The refund never came.",
                "on_behalf_of": "self",
            },
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        )

    with ThreadPoolExecutor(max_workers=CUSTOMERS * ATTEMPTS) as pool:
        results = list(
            pool.map(
                lambda args: file_complaint(*args),
                [(c, a) for c in range(CUSTOMERS) for a in range(ATTEMPTS)],
            )
        )
    filed = dict.fromkeys(range(CUSTOMERS), 0)
    refused = dict.fromkeys(range(CUSTOMERS), 0)
    for customer, response in results:
        if response.status_code == 303:
            filed[customer] += 1
        else:
            assert response.status_code == 200, response.text
            assert (
                f"You have filed {HOURLY_LIMIT} complaints in the last hour"
                in response.text
            )
            refused[customer] += 1
    stored = server.psql(
        "SELECT string_agg(p.name || ': ' || count, ', ' ORDER BY p.name) FROM"
        " (SELECT partner_id, count(*) FROM helpdesk_ticket GROUP BY partner_id) t"
        " JOIN res_partner p ON p.id = t.partner_id"
        " WHERE p.name LIKE 'Workers customer %'"
    )
    expected = ", ".join(
        f"Workers customer {i}: {HOURLY_LIMIT}" for i in range(CUSTOMERS)
    )
    assert stored == expected
    assert filed == dict.fromkeys(range(CUSTOMERS), HOURLY_LIMIT)
    assert refused == dict.fromkeys(range(CUSTOMERS), ATTEMPTS - HOURLY_LIMIT)


def test_websocket_delivers_live_updates(server):
    """The websocket server of a server with workers starts: /websocket
    upgrades on its port, a notification another process commits arrives
    live, and the log has no traceback."""
    session, _token = server.login("workers-customer-0", "workers-customer-0-pw")
    connection = websocket.create_connection(
        f"ws://127.0.0.1:{server.gevent_port}/websocket"
        f"?version={WebsocketConnectionHandler._VERSION}",
        cookie=f"session_id={session.cookies['session_id']}",
        timeout=REQUEST_TIMEOUT,
    )
    try:
        assert connection.getstatus() == 101
        connection.send(
            json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
        )
        text = f"live update {uuid.uuid4().hex}"
        assert "PING SENT" in server.shell(PING_SCRIPT % {"text": text})
        deadline = time.monotonic() + REQUEST_TIMEOUT
        received = []
        while time.monotonic() < deadline:
            received += json.loads(connection.recv())
            if any(
                note["message"]["type"] == "reclamation_test/ping"
                and note["message"]["payload"] == {"text": text}
                for note in received
            ):
                break
        else:
            pytest.fail(f"No live update received: {received}")
    finally:
        connection.close()
    log = server.log()
    assert "Traceback" not in log, log
    assert "Evented Service (longpolling) running on" in log, log
