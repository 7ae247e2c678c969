# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The retention job anonymising 10,000 complaints closed seven years ago:
its time, its batches and its queries, then a check that nothing personal is
left.

Each complaint has a customer of its own (a contact with a name, an email and
a phone, no user account) who follows it, three messages (the customer's
email with one attachment in the filestore, the handler's answer notified to
the customer by email, the move to a closed stage with its tracking value).
The complaints are bulk-inserted in SQL as copies of a complaint created
through the ORM (so every column the job reads is what ``create`` sets), their
messages and attachments in SQL; only the job is timed.

The job commits after every batch, so nothing can be rolled back: the data is
committed before the job runs, and everything the benchmark created is
deleted at the end, and at the start too (what a crashed run left). Run by
setup/bench in an Odoo shell on the benchmark database (``env`` is given).
"""

import os
import sys
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tools import SQL

N = 10_000
DESK = "Bench anonymisation desk"
STAGE = "Bench anonymisation closed"
EMAIL = "bench.anonymise.{}@example.com"
EMAIL_LIKE = "bench.anonymise.%@example.com"
CLOSED_YEARS_AGO = 7


def cleanup():
    """Delete the benchmark's complaints, contacts, messages, attachments,
    decision log entries, stage and desk, whatever state they are in."""
    cr = env.cr  # noqa: F821 (Odoo shell)
    env.flush_all()  # noqa: F821
    teams = (
        env["helpdesk.ticket.team"]  # noqa: F821
        .with_context(active_test=False)
        .search([("name", "=", DESK)])
    )
    cr.execute(
        "SELECT id, partner_id FROM helpdesk_ticket WHERE team_id = ANY(%s)",
        [teams.ids],
    )
    rows = cr.fetchall()
    tickets = [ticket for ticket, _partner in rows]
    cr.execute("SELECT id FROM res_partner WHERE email LIKE %s", [EMAIL_LIKE])
    partners = sorted(
        {partner for _ticket, partner in rows if partner}
        | {partner for (partner,) in cr.fetchall()}
    )
    documents = SQL(
        "(res_model = 'helpdesk.ticket' AND res_id = ANY(%s)) "
        "OR (res_model = 'res.partner' AND res_id = ANY(%s))",
        tickets,
        partners,
    )
    cr.execute(
        "DELETE FROM reclamation_decision_log WHERE ticket_id = ANY(%s)", [tickets]
    )
    cr.execute(
        "DELETE FROM mail_message WHERE (model = 'helpdesk.ticket' AND res_id = "
        "ANY(%s)) OR (model = 'res.partner' AND res_id = ANY(%s)) "
        "OR author_id = ANY(%s)",
        [tickets, partners, partners],
    )
    cr.execute(
        SQL("DELETE FROM ir_attachment WHERE %s RETURNING store_fname", documents)
    )
    files = [fname for (fname,) in cr.fetchall() if fname]
    for table in ("mail_followers", "mail_activity"):
        cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(table), documents))
    cr.execute("DELETE FROM helpdesk_ticket WHERE id = ANY(%s)", [tickets])
    cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partners])
    env.invalidate_all()  # noqa: F821
    env["helpdesk.ticket.stage"].with_context(active_test=False).search(  # noqa: F821
        [("name", "=", STAGE)]
    ).unlink()
    teams.unlink()
    Attachment = env["ir.attachment"]  # noqa: F821
    for fname in files:
        Attachment._file_delete(fname)
    cr.commit()
    Attachment._gc_file_store()
    return len(tickets)


def insert_copies(template, partners):
    """A copy of ``template`` for each of ``partners``, theirs."""
    cr = env.cr  # noqa: F821
    env.flush_all()  # noqa: F821
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'helpdesk_ticket' AND column_name != 'id'"
    )
    columns = [row[0] for row in cr.fetchall()]
    overrides = {
        "number": SQL("'BENCH-ANON-' || p.n"),
        "name": SQL("'Bench complaint ' || p.n"),
        "partner_id": SQL("p.id"),
        "commercial_partner_id": SQL("p.id"),
        "partner_name": SQL("p.name"),
        "partner_email": SQL("p.email"),
        "email_normalized": SQL("p.email"),
        "access_token": SQL("md5(random()::text || p.id)"),
    }
    cr.execute(
        SQL(
            "INSERT INTO helpdesk_ticket (%s) SELECT %s FROM helpdesk_ticket t, "
            "(SELECT id, name, email, row_number() OVER (ORDER BY id) AS n "
            "FROM res_partner WHERE id = ANY(%s)) p WHERE t.id = %s ORDER BY p.id",
            SQL(", ").join(SQL.identifier(column) for column in columns),
            SQL(", ").join(
                overrides.get(column, SQL.identifier("t", column)) for column in columns
            ),
            partners.ids,
            template.id,
        )
    )


def insert_thread_data(desk, in_progress, closed):
    """Per complaint: the customer as follower; their email with an
    attachment; the handler's answer, notified to them by email; the move to
    the closed stage, tracked. Returns the attachments' file names."""
    env.flush_all()  # noqa: F821
    cr = env.cr  # noqa: F821
    ref = env.ref  # noqa: F821
    handler = env.user.partner_id  # noqa: F821
    tickets = SQL(
        "FROM helpdesk_ticket t JOIN res_partner p ON p.id = t.partner_id "
        "WHERE t.team_id = %s",
        desk.id,
    )
    cr.execute(
        SQL(
            "INSERT INTO mail_followers (res_model, res_id, partner_id) "
            "SELECT 'helpdesk.ticket', t.id, p.id %s ON CONFLICT DO NOTHING",
            tickets,
        )
    )
    common = SQL(
        "create_uid, write_uid, create_date, write_date, model, res_id, "
        "record_company_id, message_type, subtype_id, author_id, email_from, "
        "body, date, is_internal, message_id"
    )
    cr.execute(
        SQL(
            "INSERT INTO mail_message (%s, subject) SELECT 1, 1, t.closed_date, "
            "t.closed_date, 'helpdesk.ticket', t.id, t.company_id, 'email', %s, "
            "p.id, p.name || ' <' || p.email || '>', '<p>Dear association, '"
            " || 'my order never arrived and nobody answers. ' || p.name || ', '"
            " || p.phone || '</p>', t.closed_date - interval '40 days', false, "
            "'<bench-anonymise-' || t.id || '@example.com>', 'My order ' || t.id "
            "%s RETURNING id, res_id",
            common,
            ref("mail.mt_comment").id,
            tickets,
        )
    )
    emails = cr.fetchall()
    cr.execute(
        SQL(
            "WITH m AS (INSERT INTO mail_message (%s) SELECT 1, 1, t.closed_date, "
            "t.closed_date, 'helpdesk.ticket', t.id, t.company_id, 'comment', %s, "
            "%s, %s, '<p>Dear ' || p.name || ', we are sorry: here is our answer.'"
            " || '</p>', t.closed_date - interval '10 days', false, "
            "'<bench-anonymise-answer-' || t.id || '@example.com>' %s "
            "RETURNING id, author_id, res_id), "
            "r AS (INSERT INTO mail_message_res_partner_rel "
            "(mail_message_id, res_partner_id) SELECT m.id, t.partner_id FROM m "
            "JOIN helpdesk_ticket t ON t.id = m.res_id) "
            "INSERT INTO mail_notification (mail_message_id, res_partner_id, "
            "author_id, notification_type, notification_status, is_read, "
            "read_date) SELECT m.id, t.partner_id, m.author_id, 'email', 'sent', "
            "true, t.closed_date FROM m JOIN helpdesk_ticket t ON t.id = m.res_id",
            common,
            ref("mail.mt_comment").id,
            handler.id,
            handler.email_formatted or "",
            tickets,
        )
    )
    stage_field = env["ir.model.fields"]._get("helpdesk.ticket", "stage_id")  # noqa: F821
    cr.execute(
        SQL(
            "WITH m AS (INSERT INTO mail_message (%s) SELECT 1, 1, t.closed_date, "
            "t.closed_date, 'helpdesk.ticket', t.id, t.company_id, 'notification',"
            " %s, %s, %s, '', t.closed_date, true, "
            "'<bench-anonymise-stage-' || t.id || '@example.com>' %s "
            "RETURNING id) INSERT INTO mail_tracking_value (create_uid, "
            "write_uid, create_date, write_date, mail_message_id, field_id, "
            "old_value_integer, new_value_integer, old_value_char, new_value_char)"
            " SELECT 1, 1, now(), now(), m.id, %s, %s, %s, %s, %s FROM m",
            common,
            ref("mail.mt_note").id,
            handler.id,
            handler.email_formatted or "",
            tickets,
            stage_field.id,
            in_progress.id,
            closed.id,
            in_progress.name,
            closed.name,
        )
    )
    # One attachment per complaint, in the filestore, linked to the
    # customer's email as the mail gateway does.
    Attachment = env["ir.attachment"]  # noqa: F821
    rows = []
    for message, ticket in emails:
        data = (
            b"%%PDF-1.4\n%% Bench complaint %d: delivery note, invoice and "
            b"photographs of the damaged parcel.\n" % ticket
        ) + bytes(range(256)) * 8
        checksum = Attachment._compute_checksum(data)
        rows.append(
            (
                message,
                ticket,
                Attachment._file_write(data, checksum),
                checksum,
                len(data),
            )
        )
    cr.execute(
        SQL(
            "WITH a AS (INSERT INTO ir_attachment (create_uid, write_uid, "
            "create_date, write_date, name, res_model, res_id, company_id, type, "
            "store_fname, checksum, file_size, mimetype, public) "
            "SELECT 1, 1, now(), now(), 'evidence-' || r.ticket || '.pdf', "
            "'helpdesk.ticket', r.ticket, t.company_id, 'binary', r.fname, "
            "r.checksum, r.size, 'application/pdf', false "
            "FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[], "
            "%s::int[]) AS r(message, ticket, fname, checksum, size) "
            "JOIN helpdesk_ticket t ON t.id = r.ticket RETURNING id, res_id) "
            "INSERT INTO message_attachment_rel (message_id, attachment_id) "
            "SELECT r.message, a.id FROM a JOIN unnest(%s::int[], %s::int[]) "
            "AS r(message, ticket) ON r.ticket = a.res_id",
            *(list(column) for column in zip(*rows, strict=True)),
            [row[0] for row in rows],
            [row[1] for row in rows],
        )
    )
    return [row[2] for row in rows]


def create_data():
    """10,000 complaints closed long ago, each with its own customer, its
    messages and its attachment; committed."""
    Ticket = env["helpdesk.ticket"]  # noqa: F821
    quiet = {"tracking_disable": True, "mail_create_nolog": True}
    desk = env["helpdesk.ticket.team"].create(  # noqa: F821
        {"name": DESK, "is_complaint_desk": True}
    )
    closed = env["helpdesk.ticket.stage"].create(  # noqa: F821
        {"name": STAGE, "closed": True, "sequence": 90, "team_ids": desk.ids}
    )
    in_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")  # noqa: F821
    partners = (
        env["res.partner"]  # noqa: F821
        .with_context(**quiet)
        .create(
            [
                {
                    "name": f"Bench Customer {i}",
                    "email": EMAIL.format(i),
                    "phone": f"+33 6 {i // 10000 % 100:02d} {i // 100 % 100:02d} "
                    f"{i % 100:02d} 00",
                }
                for i in range(N)
            ]
        )
    )
    first = partners[0]
    template = Ticket.create(
        {
            "name": "Bench complaint 0",
            "description": "<p>My order never arrived.</p>",
            "team_id": desk.id,
            "stage_id": closed.id,
            "root_cause_id": env.ref("reclamation_charter.root_cause_delay").id,  # noqa: F821
            "partner_id": first.id,
            "partner_name": first.name,
            "partner_email": first.email,
        }
    )
    assert template.is_complaint_desk and template.closed
    insert_copies(template, partners[1:])
    # Closed seven years ago: past the total retention period.
    env.cr.execute(  # noqa: F821
        "UPDATE helpdesk_ticket SET closed_date = %s WHERE team_id = %s",
        [
            fields.Datetime.now() - timedelta(days=365 * CLOSED_YEARS_AGO),
            desk.id,
        ],
    )
    env.invalidate_all()  # noqa: F821
    files = insert_thread_data(desk, in_progress, closed)
    tickets = Ticket.with_context(active_test=False).search([("team_id", "=", desk.id)])
    for name in ("retention_archive_date", "retention_anonymise_date"):
        env.add_to_compute(Ticket._fields[name], tickets)  # noqa: F821
    env.flush_all()  # noqa: F821
    assert len(tickets) == N, len(tickets)
    now = fields.Datetime.now()
    assert all(date <= now for date in tickets.mapped("retention_anonymise_date"))
    for table in ("helpdesk_ticket", "res_partner", "mail_message", "ir_attachment"):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))  # noqa: F821
    env.cr.commit()  # noqa: F821
    env["ir.attachment"]._gc_file_store()  # noqa: F821 (what the writes marked)
    return tickets.ids, partners.ids, files


def run_job(user):
    """The retention job as its scheduled action runs it, as ``user``; its
    time, its queries, the time of each batch and of the filestore garbage
    collection that ends it, and the CPU time of this Odoo process."""
    env.invalidate_all()  # noqa: F821
    IrCron = type(env["ir.cron"])  # noqa: F821
    IrAttachment = type(env["ir.attachment"])  # noqa: F821
    commit_progress = IrCron._commit_progress
    gc_file_store = IrAttachment._gc_file_store
    batch_ends = []
    gc_seconds = []

    def timed_commit(self, processed=0, *, remaining=None, deactivate=False):
        result = commit_progress(
            self, processed, remaining=remaining, deactivate=deactivate
        )
        batch_ends.append(time.perf_counter())
        return result

    def timed_gc(self):
        began = time.perf_counter()
        result = gc_file_store(self)
        gc_seconds.append(time.perf_counter() - began)
        return result

    cr = env.cr  # noqa: F821
    queries = cr.sql_log_count
    cpu = time.process_time()
    began = time.perf_counter()
    with (
        patch.object(IrCron, "_commit_progress", timed_commit),
        patch.object(IrAttachment, "_gc_file_store", timed_gc),
    ):
        env["helpdesk.ticket"].with_user(user)._cron_apply_retention()  # noqa: F821
        env.flush_all()  # noqa: F821
    ended = time.perf_counter()
    result = {
        "seconds": ended - began,
        "cpu": time.process_time() - cpu,
        "queries": cr.sql_log_count - queries,
        "batches": [
            end - start
            for end, start in zip(batch_ends, [began, *batch_ends], strict=False)
        ],
        "gc": sum(gc_seconds),
    }
    cr.commit()
    return result


def check(tickets, partners, files):
    """What must be gone after the job; returns the failures."""
    cr = env.cr  # noqa: F821
    failures = []

    def count(query, *args):
        cr.execute(query, args)
        return cr.fetchone()[0]

    phases = count(
        "SELECT count(*) FROM helpdesk_ticket WHERE id = ANY(%s) "
        "AND retention_phase = 'anonymised' AND anonymised_date IS NOT NULL "
        "AND partner_name IS NULL AND partner_email IS NULL "
        "AND email_normalized IS NULL",
        tickets,
    )
    if phases != N:
        failures.append(f"{N - phases} complaints not anonymised")
    figures = {
        "messages left on the complaints": count(
            "SELECT count(*) FROM mail_message WHERE model = 'helpdesk.ticket' "
            "AND res_id = ANY(%s)",
            tickets,
        ),
        "messages left by the customers": count(
            "SELECT count(*) FROM mail_message WHERE author_id = ANY(%s)", partners
        ),
        "notifications left to the customers": count(
            "SELECT count(*) FROM mail_notification WHERE res_partner_id = ANY(%s)",
            partners,
        ),
        "attachments left on the complaints": count(
            "SELECT count(*) FROM ir_attachment WHERE (res_model = "
            "'helpdesk.ticket' AND res_id = ANY(%s)) OR store_fname = ANY(%s)",
            tickets,
            files,
        ),
        "followers left on the complaints": count(
            "SELECT count(*) FROM mail_followers WHERE res_model = "
            "'helpdesk.ticket' AND res_id = ANY(%s)",
            tickets,
        ),
        "contacts not anonymised": count(
            "SELECT count(*) FROM res_partner WHERE id = ANY(%s) AND (active "
            "OR email IS NOT NULL OR phone IS NOT NULL OR name LIKE 'Bench%%')",
            partners,
        ),
    }
    failures += [f"{n} {what}" for what, n in figures.items() if n]
    kept = count(
        "SELECT count(*) FROM res_partner WHERE id = ANY(%s)", partners
    ) + count("SELECT count(*) FROM helpdesk_ticket WHERE id = ANY(%s)", tickets)
    if kept != 2 * N:
        failures.append(f"{2 * N - kept} complaints or contacts deleted")
    Attachment = env["ir.attachment"]  # noqa: F821
    left = sum(1 for fname in files if os.path.exists(Attachment._full_path(fname)))
    if left:
        failures.append(f"{left} attachment files left in the filestore")
    return failures


def main():
    left = cleanup()
    if left:
        print(f"Removed {left} complaints an earlier run left.", file=sys.stderr)
    try:
        began = time.perf_counter()
        tickets, partners, files = create_data()
        setup = time.perf_counter() - began
        cron = env.ref("reclamation_charter.ir_cron_apply_retention")  # noqa: F821
        job = run_job(cron.user_id)
        failures = check(tickets, partners, files)
    finally:
        env.cr.rollback()  # noqa: F821
        cleanup()
    seconds = job["seconds"]
    print(f"BENCH anonymize_10k_s {seconds:.3f} s")
    print(f"BENCH anonymize_batches {len(job['batches'])} batches")
    print(f"BENCH anonymize_slowest_batch_s {max(job['batches'], default=0):.3f} s")
    print(f"BENCH anonymize_ms_per_complaint {seconds * 1000 / N:.3f} ms")
    print(f"BENCH anonymize_queries_per_complaint {job['queries'] / N:.3f} queries")
    print(f"BENCH anonymize_odoo_cpu_s {job['cpu']:.3f} s")
    print(f"BENCH anonymize_filestore_gc_s {job['gc']:.3f} s")
    print(f"BENCH anonymize_setup_s {setup:.3f} s")
    if failures:
        print("BENCH anonymize FAILED: " + "; ".join(failures))
        sys.exit(1)


main()
