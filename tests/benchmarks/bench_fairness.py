# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fairness report (charter article 7) on 10,000 and 100,000
complaints: the time of computing it by channel and language on 100,000, and
its queries on both volumes, which must be equal (the figures are computed by
PostgreSQL in one grouped query, not per complaint).

The complaints are bulk-inserted in SQL as copies of a complaint created
through the ORM (so every column is what ``create`` sets), spread over three
channels, three languages, answered or open, acknowledged on time or late.
Run by setup/bench in an Odoo shell on the benchmark database (``env`` is
given). Everything is rolled back.
"""

import time

from odoo import fields
from odoo.tools import SQL

SMALL = 10_000
LARGE = 100_000


def setup():
    """A desk, three customers in three languages, three channels, and the
    complaint every other one copies."""
    for lang in ("fr_FR", "de_DE"):
        env["res.lang"]._activate_lang(lang)  # noqa: F821
    desk = env["helpdesk.ticket.team"].create(  # noqa: F821
        {"name": "Bench fairness desk", "is_complaint_desk": True}
    )
    partners = env["res.partner"].create(  # noqa: F821
        [
            {"name": f"Bench fairness {lang}", "lang": lang}
            for lang in ("en_US", "fr_FR", "de_DE")
        ]
    )
    channels = env["helpdesk.ticket.channel"].search([], limit=3)  # noqa: F821
    template = env["helpdesk.ticket"].create(  # noqa: F821
        {
            "name": "Bench fairness complaint",
            "description": "<p>Unhappy</p>",
            "team_id": desk.id,
            "partner_id": partners[0].id,
        }
    )
    closed = env["helpdesk.ticket.stage"].search(  # noqa: F821
        [("closed", "=", True)], limit=1
    )
    return template, partners, channels, closed


def insert_copies(template, partners, channels, closed, start, count):
    """``count`` copies of ``template``, numbered from ``start``: customer,
    channel, receipt, acknowledgement and answer vary with the number."""
    cr = env.cr  # noqa: F821
    env.flush_all()  # noqa: F821
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    now = fields.Datetime.now()
    received = SQL("%s - (n %% 200) * interval '1 day'", now)
    overrides = {
        "number": SQL("'BENCH-FAIR-' || n"),
        "name": SQL("'Bench fairness ' || n"),
        "partner_id": SQL("(%s::int[])[1 + (n / 3) %% 3]", partners.ids),
        "commercial_partner_id": SQL("(%s::int[])[1 + (n / 3) %% 3]", partners.ids),
        "channel_id": SQL("(%s::int[])[1 + n %% %s]", channels.ids, len(channels)),
        "received_date": received,
        "ack_sent_date": SQL("%s + (n %% 48) * interval '1 hour'", received),
        "ack_on_time": SQL("CASE WHEN n %% 10 = 0 THEN 'late' ELSE 'on_time' END"),
        "stage_id": SQL("CASE WHEN n %% 2 = 0 THEN %s ELSE t.stage_id END", closed.id),
        "closed_date": SQL(
            "CASE WHEN n %% 2 = 0 THEN %s + (n %% 70) * interval '1 day' END",
            received,
        ),
        "resolution_deadline": SQL("%s + interval '60 days'", received),
        "access_token": SQL("md5(random()::text || n)"),
        "resolution_outcome": SQL(
            "CASE WHEN n %% 2 = 0 THEN (ARRAY['upheld', 'partly_upheld', "
            "'rejected'])[1 + n %% 3] END"
        ),
        "satisfaction_score": SQL("CASE WHEN n %% 4 = 0 THEN 1 + n %% 5 END"),
        "satisfaction_fairness_score": SQL("CASE WHEN n %% 4 = 0 THEN 1 + n %% 5 END"),
    }
    cr.execute(
        SQL(
            "INSERT INTO helpdesk_ticket (%s) SELECT %s FROM helpdesk_ticket t, "
            "generate_series(%s, %s) AS n WHERE t.id = %s",
            SQL(", ").join(SQL.identifier(column) for column in columns),
            SQL(", ").join(
                overrides.get(column, SQL.identifier("t", column)) for column in columns
            ),
            start,
            start + count - 1,
            template.id,
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()  # noqa: F821


def measure():
    """Queries and time of the report by channel and language (warm)."""
    Report = env["reclamation.fairness.report"]  # noqa: F821
    Report._get_fairness_figures()
    env.invalidate_all()  # noqa: F821
    queries = env.cr.sql_log_count  # noqa: F821
    began = time.perf_counter()
    rows = Report._get_fairness_figures()
    elapsed = time.perf_counter() - began
    return rows, elapsed, env.cr.sql_log_count - queries  # noqa: F821


try:
    template, partners, channels, closed = setup()
    insert_copies(template, partners, channels, closed, 1, SMALL - 1)
    rows, small_s, small_q = measure()
    assert sum(row["complaint_count"] for row in rows) == SMALL, rows
    insert_copies(template, partners, channels, closed, SMALL, LARGE - SMALL)
    rows, large_s, large_q = measure()
    assert sum(row["complaint_count"] for row in rows) == LARGE, rows
    # Best of three for the time.
    large_s = min([large_s] + [measure()[1] for _ in range(2)])
    print(f"BENCH fairness_report_10k_s {small_s:.3f} s")
    print(f"BENCH fairness_report_100k_s {large_s:.3f} s")
    print(f"BENCH fairness_report_queries_10k {small_q} queries")
    print(f"BENCH fairness_report_queries_100k {large_q} queries")
    print(f"BENCH fairness_report_groups_100k {len(rows)} groups")
    if small_q != large_q:
        print("BENCH fairness_report_queries_equal 0 bool")
        raise SystemExit(1)
    print("BENCH fairness_report_queries_equal 1 bool")
finally:
    env.cr.rollback()  # noqa: F821
