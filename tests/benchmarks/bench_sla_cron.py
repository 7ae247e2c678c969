# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The deadline alert job with 10,000 and 100,000 open complaints of which
1,000 crossed their risk threshold: its time, and its queries, which must not
grow with the number of open complaints.

The open complaints are bulk-inserted in SQL as copies of a complaint created
through the ORM (so every column the job reads is what ``create`` sets), with
their own number and dates. The job's commits between batches are replaced by
no-ops so that everything is rolled back at the end. Run by setup/bench in an
Odoo shell (``env`` is given).
"""

import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tools import SQL

CROSSED = 1_000


def insert_copies(template, count, crossed):
    """``count`` copies of ``template``: the first ``crossed`` at risk since an
    hour, the others with every threshold weeks ahead."""
    env.flush_all()  # noqa: F821 (Odoo shell): the template's stored computes
    cr = env.cr  # noqa: F821
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    now = fields.Datetime.now()
    overrides = {
        "number": SQL("'BENCH-' || g"),
        "name": SQL("'Bench complaint ' || g"),
        "sla_risk_date": SQL(
            "CASE WHEN g <= %s THEN %s ELSE %s END",
            crossed,
            now - timedelta(hours=1),
            now + timedelta(days=20),
        ),
        "resolution_deadline": SQL("%s", now + timedelta(days=30)),
        "update_deadline": SQL("%s", now + timedelta(days=10)),
        "sla_update_reminded_for": SQL("NULL"),
        "sla_alert_level": SQL("NULL"),
        "sla_paused_since": SQL("NULL"),
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
            template.id,
        )
    )


def run_cron():
    Ticket = env["helpdesk.ticket"]  # noqa: F821
    env.flush_all()  # noqa: F821
    env.invalidate_all()  # noqa: F821
    queries = env.cr.sql_log_count  # noqa: F821
    began = time.perf_counter()
    with patch.object(
        type(env["ir.cron"]),  # noqa: F821
        "_commit_progress",
        lambda self, processed=0, remaining=None, deactivate=False: float("inf"),
    ):
        Ticket._cron_sla_alerts()
    env.flush_all()  # noqa: F821
    return time.perf_counter() - began, env.cr.sql_log_count - queries  # noqa: F821


def bench():
    desk = env["helpdesk.ticket.team"].create(  # noqa: F821
        {"name": "Bench desk", "is_complaint_desk": True}
    )
    env["reclamation.sla.policy"]._create_preset("generic")  # noqa: F821
    template = env["helpdesk.ticket"].create(  # noqa: F821
        {"name": "Template", "description": "<p>.</p>", "team_id": desk.id}
    )
    assert template.is_charter_complaint and template.resolution_deadline
    env.flush_all()  # noqa: F821 (before the savepoints the sizes roll back to)
    results = {}
    for total in (10_000, 100_000):
        env.cr.execute("SAVEPOINT bench_size")  # noqa: F821
        insert_copies(template, total - 1, CROSSED)
        env.cr.execute("ANALYZE helpdesk_ticket")  # noqa: F821
        due = env["helpdesk.ticket"].search_count(  # noqa: F821
            env["helpdesk.ticket"]._get_sla_alert_domain(fields.Datetime.now())  # noqa: F821
        )
        seconds, queries = run_cron()
        alerted = env["helpdesk.ticket"].search_count(  # noqa: F821
            [("sla_alert_level", "=", "at_risk")]
        )
        assert alerted == CROSSED, (due, alerted)
        results[total] = (seconds, queries)
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_size")  # noqa: F821
        env.invalidate_all()  # noqa: F821
    print(f"BENCH sla_cron_10k_s {results[10_000][0]:.3f} s")
    print(f"BENCH sla_cron_100k_s {results[100_000][0]:.3f} s")
    print(f"BENCH sla_cron_queries_10k {results[10_000][1]} queries")
    print(f"BENCH sla_cron_queries_100k {results[100_000][1]} queries")


try:
    bench()
finally:
    env.cr.rollback()  # noqa: F821
