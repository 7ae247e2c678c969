# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Complaints with their deadlines against plain helpdesk_mgmt tickets and
OCA's helpdesk_mgmt_sla, in one process and on the same data:

- creating 1,000 in a batch (policy matching, deadlines, charter stamping,
  acknowledgement scheduling): time ratio and queries per record; the
  acknowledgement, rendered by its job, is timed apart;
- moving 1,000 to another stage: our SLA against OCA's.

Run by setup/bench in an Odoo shell on the benchmark database (``env`` is
given); OCA's module runs on its own database (RECLAMATION_BENCH_OCA_DB),
opened here. Everything is rolled back.
"""

import os
import time
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

N = 1000


def measure(environment, fn):
    environment.flush_all()
    queries = environment.cr.sql_log_count
    began = time.perf_counter()
    result = fn()
    environment.flush_all()
    return result, time.perf_counter() - began, environment.cr.sql_log_count - queries


def values(team, partner, prefix):
    return [
        {
            "name": f"{prefix} {i}",
            "description": "<p>Something went wrong.</p>",
            "team_id": team.id,
            "partner_id": partner.id,
        }
        for i in range(N)
    ]


def bench_ours(e):
    Ticket = e["helpdesk.ticket"]
    support = e["helpdesk.ticket.team"].create({"name": "Bench support"})
    desk = e["helpdesk.ticket.team"].create(
        {"name": "Bench complaint desk", "is_complaint_desk": True}
    )
    partner = e["res.partner"].create(
        {"name": "Bench customer", "email": "bench.customer@example.com"}
    )
    e["reclamation.charter"].create(
        {
            "version": "bench-1",
            "effective_date": date(2020, 1, 1),
            "approver_id": e.user.id,
            "text": "<p>Bench</p>",
        }
    ).action_publish()
    calendar = e.company.resource_calendar_id
    for year in (2026, 2027):
        calendar._import_public_holidays("FR", year)
    waiting = e.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
    e["reclamation.sla.policy"]._create_preset("generic", pause_stages=waiting)
    Ticket.create(values(support, partner, "Warm-up")[:10])
    Ticket.create(values(desk, partner, "Warm-up")[:10])
    _t, plain_s, plain_q = measure(
        e, lambda: Ticket.create(values(support, partner, "T"))
    )
    complaints, ours_s, ours_q = measure(
        e, lambda: Ticket.create(values(desk, partner, "C"))
    )
    assert all(complaints.mapped("resolution_deadline"))
    _n, ack_s, _q = measure(e, complaints._send_acknowledgements)
    in_progress = e.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    _n, stage_s, stage_q = measure(
        e, lambda: complaints.write({"stage_id": in_progress.id})
    )
    _n, pause_s, _q = measure(e, lambda: complaints.write({"stage_id": waiting.id}))
    return {
        "plain_s": plain_s,
        "plain_q": plain_q,
        "ours_s": ours_s,
        "ours_q": ours_q,
        "ack_s": ack_s,
        "stage_s": stage_s,
        "stage_q": stage_q,
        "pause_s": pause_s,
    }


def bench_oca(e):
    Ticket = e["helpdesk.ticket"]
    in_progress = e.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
    done = e.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
    team = e["helpdesk.ticket.team"].create({"name": "Bench SLA team", "use_sla": True})
    partner = e["res.partner"].create({"name": "Bench customer"})
    e["helpdesk.sla"].create(
        [
            {
                "name": "First answer",
                "team_ids": [(6, 0, team.ids)],
                "stage_id": in_progress.id,
                "days": 1,
                "hours": 0,
            },
            {
                "name": "Resolution",
                "team_ids": [(6, 0, team.ids)],
                "stage_id": done.id,
                "days": 10,
                "hours": 0,
            },
        ]
    )
    Ticket.create(values(team, partner, "Warm-up")[:10])
    tickets, oca_s, oca_q = measure(
        e, lambda: Ticket.create(values(team, partner, "O"))
    )
    assert all(tickets.mapped("ticket_sla_ids"))
    _n, stage_s, stage_q = measure(
        e, lambda: tickets.write({"stage_id": in_progress.id})
    )
    return {"oca_s": oca_s, "oca_q": oca_q, "stage_s": stage_s, "stage_q": stage_q}


def main():
    try:
        ours = bench_ours(env)  # noqa: F821 (Odoo shell)
    finally:
        env.cr.rollback()  # noqa: F821
    oca_db = os.environ["RECLAMATION_BENCH_OCA_DB"]
    with Registry(oca_db).cursor() as cr:
        try:
            oca = bench_oca(api.Environment(cr, SUPERUSER_ID, {}))
        finally:
            cr.rollback()
    print(
        f"BENCH sla_create_ratio_vs_helpdesk {ours['ours_s'] / ours['plain_s']:.3f} x"
    )
    print(f"BENCH sla_create_queries_per_complaint {ours['ours_q'] / N:.3f} queries")
    print(f"BENCH helpdesk_create_queries_per_ticket {ours['plain_q'] / N:.3f} queries")
    print(f"BENCH oca_sla_create_queries_per_ticket {oca['oca_q'] / N:.3f} queries")
    print(f"BENCH sla_create_ms_per_complaint {ours['ours_s'] * 1000 / N:.3f} ms")
    print(f"BENCH helpdesk_create_ms_per_ticket {ours['plain_s'] * 1000 / N:.3f} ms")
    print(f"BENCH oca_sla_create_ms_per_ticket {oca['oca_s'] * 1000 / N:.3f} ms")
    print(f"BENCH ack_ms_per_complaint {ours['ack_s'] * 1000 / N:.3f} ms")
    print(f"BENCH sla_stage_change_1k_s {ours['stage_s']:.3f} s")
    print(f"BENCH oca_sla_stage_change_1k_s {oca['stage_s']:.3f} s")
    speedup = oca["stage_s"] / ours["stage_s"]
    print(f"BENCH sla_stage_change_speedup_vs_oca {speedup:.2f} x")
    print(f"BENCH sla_pause_1k_s {ours['pause_s']:.3f} s")


main()
