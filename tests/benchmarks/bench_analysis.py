# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complaint analysis on 100,000 complaints (charter article 6).

100,000 complaints on five desks, received over two years, two thirds closed
with a root cause, bulk-inserted in SQL as copies of a complaint created
through the ORM. Then, as a complaint manager, through the ORM as the pivot
calls it: the analysis grouped by month of receipt and desk, with its
measures (volume, answer time, on-time rate, satisfaction), and the
dashboard's figures. Each figure is the median of several runs after a
warm-up. Everything is rolled back. Run by setup/bench in an Odoo shell
(``env`` is given).
"""

import statistics
import time

from odoo.tests import new_test_user
from odoo.tools import SQL

N = 100_000
DESKS = 5
RUNS = 5
MEASURES = [
    "complaint_count:sum",
    "answer_days:avg",
    "ack_hours:avg",
    "sla_success:avg",
    "justified_count:sum",
    "corrective_action_count:sum",
    "satisfaction_score:avg",
]


def create_data():
    cr = env.cr  # noqa: F821
    manager = new_test_user(
        env,  # noqa: F821
        login="bench-analysis-manager",
        groups="reclamation_charter.group_reclamation_manager",
    )
    desks = env["helpdesk.ticket.team"].create(  # noqa: F821
        [
            {"name": f"Bench analysis desk {i}", "is_complaint_desk": True}
            for i in range(DESKS)
        ]
    )
    Stage = env["helpdesk.ticket.stage"]  # noqa: F821
    open_stage = Stage.create(
        {"name": "Bench open", "sequence": 1, "team_ids": [(6, 0, desks.ids)]}
    )
    closed_stage = Stage.create(
        {
            "name": "Bench answered",
            "sequence": 50,
            "closed": True,
            "team_ids": [(6, 0, desks.ids)],
        }
    )
    causes = env["reclamation.root.cause"].search([])  # noqa: F821
    partner = env["res.partner"].create(  # noqa: F821
        {"name": "Bench analysis customer", "email": "analysis@example.org"}
    )
    template = env["helpdesk.ticket"].create(  # noqa: F821
        {
            "name": "Bench analysis complaint",
            "description": "<p>Late refund.</p>",
            "team_id": desks[0].id,
            "stage_id": open_stage.id,
            "partner_id": partner.id,
        }
    )
    env.flush_all()  # noqa: F821
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    closed = SQL("(n %% 3 <> 0)")
    received = SQL("(now() AT TIME ZONE 'UTC') - (n %% 730) * interval '1 day'")
    overrides = {
        "number": SQL("'BENCH-AN-' || n"),
        "team_id": SQL("(%s)[1 + n %% %s]", desks.ids, DESKS),
        "received_date": received,
        "stage_id": SQL(
            "CASE WHEN %s THEN %s ELSE %s END", closed, closed_stage.id, open_stage.id
        ),
        "closed": closed,
        "closed_date": SQL(
            "CASE WHEN %s THEN %s + (n %% 40) * interval '1 day' END", closed, received
        ),
        "resolution_deadline": SQL("%s + interval '30 days'", received),
        "sla_success": SQL(
            "CASE WHEN %s THEN CASE WHEN n %% 40 <= 30 THEN 100.0 ELSE 0.0 END END",
            closed,
        ),
        "root_cause_id": SQL(
            "CASE WHEN %s THEN (%s)[1 + n %% %s] END",
            closed,
            causes.ids,
            len(causes),
        ),
        "is_justified": SQL("%s AND n %% 4 = 0", closed),
        "satisfaction_state": SQL(
            "CASE WHEN %s AND n %% 5 = 0 THEN 'answered' ELSE 'none' END", closed
        ),
        "satisfaction_score": SQL(
            "CASE WHEN %s AND n %% 5 = 0 THEN 1 + n %% 5 END", closed
        ),
    }
    overrides = {name: value for name, value in overrides.items() if name in columns}
    began = time.perf_counter()
    cr.execute(
        SQL(
            "INSERT INTO helpdesk_ticket (%s) SELECT %s FROM helpdesk_ticket t, "
            "generate_series(1, %s) n WHERE t.id = %s",
            SQL(", ").join(SQL.identifier(column) for column in columns),
            SQL(", ").join(
                overrides.get(column, SQL.identifier("t", column)) for column in columns
            ),
            N - 1,
            template.id,
        )
    )
    cr.execute("ANALYZE helpdesk_ticket")
    env.invalidate_all()  # noqa: F821
    return manager, desks, time.perf_counter() - began


def median_ms(func):
    func()
    times = []
    for _run in range(RUNS):
        env.invalidate_all()  # noqa: F821
        began = time.perf_counter()
        func()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main():
    try:
        manager, desks, setup = create_data()
        Analysis = env["reclamation.complaint.analysis"].with_user(manager)  # noqa: F821
        domain = [("team_id", "in", desks.ids)]
        groups = Analysis._read_group(
            domain, ["received_date:month", "team_id"], ["complaint_count:sum"]
        )
        total = sum(count for _month, _desk, count in groups)
        if total != N:
            raise AssertionError(f"{total} complaints in the analysis, {N} expected")
        analysis_ms = median_ms(
            lambda: Analysis._read_group(
                domain, ["received_date:month", "team_id"], MEASURES
            )
        )
        Ticket = env["helpdesk.ticket"].with_user(manager)  # noqa: F821
        company = env.company  # noqa: F821
        dashboard_ms = median_ms(lambda: Ticket._reclamation_dashboard_figures(company))
    finally:
        env.cr.rollback()  # noqa: F821
    print(f"BENCH complaint_analysis_100k_ms {analysis_ms:.1f} ms")
    print(f"BENCH complaint_analysis_groups {len(groups)} groups")
    print(f"BENCH complaint_dashboard_100k_ms {dashboard_ms:.1f} ms")
    print(f"BENCH complaint_analysis_setup_s {setup:.3f} s")


main()
