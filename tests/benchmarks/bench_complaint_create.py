# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Creating complaints in a batch (policy matching, deadlines, charter
stamping, acknowledgement scheduling) against plain helpdesk tickets.

Run by setup/bench in an Odoo shell (``env`` is given); prints BENCH lines and
rolls everything back.
"""

import time
from datetime import date

N = 1000


def measure(fn):
    cr = env.cr  # noqa: F821 (given by the Odoo shell)
    env.flush_all()  # noqa: F821
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = fn()
    env.flush_all()  # noqa: F821
    return result, time.perf_counter() - start, cr.sql_log_count - queries


def bench():
    Team = env["helpdesk.ticket.team"]  # noqa: F821
    Ticket = env["helpdesk.ticket"]  # noqa: F821
    support = Team.create({"name": "Bench support"})
    desk = Team.create({"name": "Bench complaint desk", "is_complaint_desk": True})
    customer = env["res.partner"].create(  # noqa: F821
        {"name": "Bench customer", "email": "bench.customer@example.com"}
    )
    charter = env["reclamation.charter"].create(  # noqa: F821
        {
            "version": "bench-1",
            "effective_date": date(2020, 1, 1),
            "approver_id": env.user.id,  # noqa: F821
            "text": "<p>Bench</p>",
        }
    )
    charter.action_publish()
    # Deadlines as the charter sets them, on the company's calendar with the
    # French public holidays.
    calendar = env.company.resource_calendar_id  # noqa: F821
    for year in (2026, 2027):
        calendar._import_public_holidays("FR", year)
    env["reclamation.sla.policy"]._create_preset("generic")  # noqa: F821

    def values(team):
        return [
            {
                "name": f"Bench ticket {i}",
                "description": "<p>Something went wrong.</p>",
                "team_id": team.id,
                "partner_id": customer.id,
            }
            for i in range(N)
        ]

    # Warm up caches on both paths.
    Ticket.create(values(support)[:10])
    Ticket.create(values(desk)[:10])

    _tickets, plain_s, plain_q = measure(lambda: Ticket.create(values(support)))
    complaints, desk_s, desk_q = measure(lambda: Ticket.create(values(desk)))
    assert all(complaints.mapped("charter_id")), "every complaint is stamped"
    assert all(complaints.mapped("resolution_deadline")), "every deadline is set"
    _none, ack_s, _ack_q = measure(complaints._send_acknowledgements)
    assert set(complaints.mapped("ack_state")) == {"sent"}

    print(f"BENCH helpdesk_create_ms_per_ticket {plain_s * 1000 / N:.3f} ms")
    print(f"BENCH complaint_create_ms_per_complaint {desk_s * 1000 / N:.3f} ms")
    print(f"BENCH complaint_create_ratio_vs_helpdesk {desk_s / plain_s:.3f} x")
    print(f"BENCH helpdesk_create_queries_per_ticket {plain_q / N:.3f} queries")
    print(f"BENCH complaint_create_queries_per_complaint {desk_q / N:.3f} queries")
    print(f"BENCH ack_ms_per_complaint {ack_s * 1000 / N:.3f} ms")


try:
    bench()
finally:
    env.cr.rollback()  # noqa: F821
