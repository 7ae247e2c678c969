# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The satisfaction survey job inviting the customers of 10,000 complaints
closed 8 days ago (the default delay is 7): its time, and its queries per
complaint, which must not grow with the batch (no N+1 on the survey, the
consents or the templates).

Each complaint has its own customer. Customers and complaints are
bulk-inserted in SQL as copies of a customer and a closed complaint created
through the ORM (so every column the job reads is what ``create`` sets), with
their own name, email, number and dates. The job's commits between batches
are replaced by no-ops so that everything is rolled back at the end. Run by
setup/bench in an Odoo shell (``env`` is given).
"""

import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tools import SQL

COUNT = 10_000


def columns_of(table):
    cr = env.cr  # noqa: F821 (Odoo shell)
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def insert_copies(table, template_id, count, overrides):
    """``count`` copies of the row ``template_id`` of ``table``; returns the
    first new id (the ids of one insert follow each other)."""
    columns = columns_of(table)
    selected = SQL(", ").join(
        overrides.get(column, SQL.identifier("t", column)) for column in columns
    )
    env.cr.execute(  # noqa: F821
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s t, generate_series(1, %s) g "
            "WHERE t.id = %s ORDER BY g RETURNING id",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(column) for column in columns),
            selected,
            SQL.identifier(table),
            count,
            template_id,
        )
    )
    ids = [row[0] for row in env.cr.fetchall()]  # noqa: F821
    assert ids == list(range(ids[0], ids[0] + count)), "ids not consecutive"
    return ids[0]


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
        Ticket._cron_send_satisfaction_surveys()
    env.flush_all()  # noqa: F821
    return time.perf_counter() - began, env.cr.sql_log_count - queries  # noqa: F821


def bench():
    desk = env["helpdesk.ticket.team"].create(  # noqa: F821
        {"name": "Bench desk", "is_complaint_desk": True}
    )
    closed = env["helpdesk.ticket.stage"].create(  # noqa: F821
        {"name": "Bench closed", "closed": True, "team_ids": [(4, desk.id)]}
    )
    customer = env["res.partner"].create(  # noqa: F821
        {"name": "Bench customer", "email": "bench-customer@example.com"}
    )
    template = env["helpdesk.ticket"].create(  # noqa: F821
        {
            "name": "Template",
            "description": "<p>.</p>",
            "team_id": desk.id,
            "partner_id": customer.id,
        }
    )
    template.write(
        {
            "stage_id": closed.id,
            # Closed with its root cause (charter article 6).
            "root_cause_id": env.ref("reclamation_charter.root_cause_delay").id,  # noqa: F821
        }
    )
    closed_date = fields.Datetime.now() - timedelta(days=8)
    template.closed_date = closed_date
    env.flush_all()  # noqa: F821
    assert template.is_charter_complaint and template.closed
    first_partner = insert_copies(
        "res_partner",
        customer.id,
        COUNT,
        {
            "name": SQL("'Bench customer ' || g"),
            "complete_name": SQL("'Bench customer ' || g"),
            "email": SQL("'bench-' || g || '@example.com'"),
            "email_normalized": SQL("'bench-' || g || '@example.com'"),
        },
    )
    insert_copies(
        "helpdesk_ticket",
        template.id,
        COUNT,
        {
            "number": SQL("'BENCH-' || g"),
            "name": SQL("'Bench complaint ' || g"),
            "partner_id": SQL("%s + g - 1", first_partner),
            "partner_email": SQL("'bench-' || g || '@example.com'"),
            "partner_name": SQL("'Bench customer ' || g"),
            "closed_date": SQL("%s", closed_date),
            "access_token": SQL("md5(random()::text)"),
        },
    )
    # The template itself is not part of the measure.
    env.cr.execute(  # noqa: F821
        "UPDATE helpdesk_ticket SET closed_date = NULL WHERE id = %s", [template.id]
    )
    env.cr.execute("ANALYZE helpdesk_ticket")  # noqa: F821
    env.cr.execute("ANALYZE res_partner")  # noqa: F821
    env.invalidate_all()  # noqa: F821
    Ticket = env["helpdesk.ticket"]  # noqa: F821
    due = Ticket.search_count(
        Ticket._get_satisfaction_invite_domain(
            fields.Datetime.now(), Ticket._get_satisfaction_refusals()
        )
    )
    assert due == COUNT, due
    seconds, queries = run_cron()
    sent = Ticket.search_count([("satisfaction_state", "=", "sent")])
    assert sent == COUNT, sent
    inputs = env["survey.user_input"].search_count(  # noqa: F821
        [("partner_id", ">=", first_partner)]
    )
    assert inputs == COUNT, inputs
    print(f"BENCH survey_invite_10k_s {seconds:.3f} s")
    print(f"BENCH survey_invite_queries_per_complaint {queries / COUNT:.2f} queries")


try:
    bench()
finally:
    env.cr.rollback()  # noqa: F821
