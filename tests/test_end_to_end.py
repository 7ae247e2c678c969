# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A complaint through its whole life: an email to the desk, the
acknowledgement, the deadlines on the desk's calendar, a pause, an answer to
the customer, the closure and, years later, the retention job."""

from datetime import date, datetime

import pytz
from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import format_datetime

PARIS = pytz.timezone("Europe/Paris")
HOLIDAYS_2026 = [date(2026, 11, 11), date(2026, 12, 25)]

INCOMING_EMAIL = """Return-Path: <lea.moreau@example.net>
To: "Complaints" <reclamations@journey.example.org>
From: "Lea Moreau" <lea.moreau@example.net>
Subject: My refund never arrived
Message-ID: <journey-complaint-1@example.net>
Date: Mon, 02 Nov 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

I cancelled my membership in September and I am still waiting for the
refund of 120 euros.
"""


def paris(*args):
    """Naive UTC datetime of a wall-clock time in Paris."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestComplaintJourney(TransactionCase):
    def setUp(self):
        super().setUp()
        self.manager = new_test_user(
            self.env,
            login="journey-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        self.handler = new_test_user(
            self.env,
            login="journey-handler",
            groups="reclamation_charter.group_reclamation_handler",
        )
        self.calendar = self.env["resource.calendar"].create(
            {
                "name": "Journey office hours",
                "tz": "Europe/Paris",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day}-{start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": "morning" if start < 12 else "afternoon",
                        },
                    )
                    for day in range(5)
                    for start, end in ((9, 12), (13, 17))
                ],
                "global_leave_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Public holiday {day}",
                            "date_from": paris(day.year, day.month, day.day, 0, 0),
                            "date_to": paris(day.year, day.month, day.day, 23, 59, 59),
                        },
                    )
                    for day in HOLIDAYS_2026
                ],
            }
        )
        alias_domain = self.env["mail.alias.domain"].create(
            {"name": "journey.example.org"}
        )
        self.env.company.alias_domain_id = alias_domain
        self.desk = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Journey complaint desk",
                "is_complaint_desk": True,
                "user_id": self.manager.id,
                "user_ids": [(6, 0, self.handler.ids)],
                "resource_calendar_id": self.calendar.id,
                "alias_name": "reclamations",
            }
        )
        self.desk.alias_id.alias_domain_id = alias_domain
        self.in_progress = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        self.waiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        self.answered = self.env["helpdesk.ticket.stage"].create(
            {
                "name": "Answered (journey)",
                "closed": True,
                "team_ids": [(4, self.desk.id)],
            }
        )
        self.policy = self.env["reclamation.sla.policy"].create(
            {
                "name": "Journey policy",
                "sequence": 1,
                "team_ids": [(6, 0, self.desk.ids)],
                "ack_amount": 2,
                "ack_unit": "working_days",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
                "update_amount": 5,
                "update_unit": "working_days",
                "pause_stage_ids": [(6, 0, self.waiting.ids)],
            }
        )
        self.customer = self.env["res.partner"].create(
            {"name": "Léa Moreau", "email": "lea.moreau@example.net"}
        )
        charter = self.env["reclamation.charter"].create(
            {
                "version": "J-1",
                "effective_date": date(2026, 1, 1),
                "approver_id": self.manager.id,
                "text": "<p>1. Listening and respect</p>",
            }
        )
        charter.action_publish()
        self.charter = charter

    def _run_cron(self, xmlid, when):
        cron = self.env.ref(f"reclamation_charter.{xmlid}")
        with freeze_time(when), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def _in_paris(self, value):
        return format_datetime(
            self.env, value, tz="Europe/Paris", dt_format="long", lang_code="en_US"
        )

    def test_complaint_journey(self):
        Ticket = self.env["helpdesk.ticket"]

        # 1. Monday 2 November 2026, 10:00 in Paris: an email to the desk.
        with freeze_time(paris(2026, 11, 2, 10, 0)):
            # As the incoming mail server's job delivers it.
            gateway = self.env["mail.thread"].with_context(fetchmail_cron_running=True)
            ticket_id = gateway.message_process(False, INCOMING_EMAIL)
        complaint = Ticket.browse(ticket_id)
        self.assertEqual(complaint.team_id, self.desk)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.name, "My refund never arrived")
        self.assertIn("refund of 120 euros", str(complaint.description))
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
        )
        self.assertTrue(complaint.is_charter_complaint)
        self.assertEqual(complaint.charter_id, self.charter)
        self.assertEqual(complaint.received_date, paris(2026, 11, 2, 10, 0))
        # Nobody's yet, not the mail gateway's: the desk's manager owns it.
        self.assertFalse(complaint.user_id)
        self.assertEqual(complaint.owner_id, self.manager)

        # Deadlines on the desk's calendar (11 November is a public holiday).
        self.assertEqual(complaint.sla_policy_id, self.policy)
        self.assertEqual(complaint.sla_calendar_id, self.calendar)
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 4, 17, 0))
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 17, 17, 0))
        self.assertEqual(complaint.update_deadline, paris(2026, 11, 9, 17, 0))
        self.assertEqual(complaint.ack_state, "pending")
        with freeze_time(paris(2026, 11, 2, 10, 5)):
            self.assertEqual(complaint.sla_status, "on_track")

        # 2. The acknowledgement job queues a mail to the sender, with the
        # target dates, shown in the desk's time zone.
        self._run_cron("ir_cron_send_acknowledgements", paris(2026, 11, 2, 10, 5))
        self.assertEqual(complaint.ack_state, "sent")
        self.assertEqual(complaint.ack_on_time, "on_time")
        ack = complaint.message_ids.filtered(lambda m: m.message_type == "auto_comment")
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.partner_ids, self.customer)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", ack.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent by the job")
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(complaint.number, mail.subject)
        body = str(mail.body_html)
        self.assertIn(complaint.number, body)
        self.assertIn(self.desk.name, body)
        self.assertIn(f"{self.manager.name} is in charge of it", body)
        self.assertIn(self._in_paris(complaint.resolution_deadline), body)
        self.assertIn(self._in_paris(complaint.update_deadline), body)

        # 3. Wednesday 4 November, 10:00: waiting for the customer's papers;
        # back on Thursday 5 at 10:00, after 7 working hours of pause.
        with freeze_time(paris(2026, 11, 4, 10, 0)):
            complaint.with_user(self.handler).stage_id = self.waiting
            self.assertEqual(complaint.sla_paused_since, paris(2026, 11, 4, 10, 0))
            self.assertEqual(complaint.sla_status, "paused")
        with freeze_time(paris(2026, 11, 5, 10, 0)):
            complaint.with_user(self.handler).stage_id = self.in_progress
            self.assertFalse(complaint.sla_paused_since)
            self.assertEqual(complaint.sla_paused_seconds, 7 * 3600)
            self.assertEqual(complaint.sla_status, "on_track")
        # The answer deadline moves by the 7 working hours paused.
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 18, 17, 0))
        move = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "deadline")]
        )
        self.assertEqual(len(move), 1)
        self.assertEqual(move.user_id, self.handler)
        self.assertEqual(
            move.after_values["resolution_deadline"], "2026-11-18T16:00:00Z"
        )
        self.assertIn("(Europe/Paris)", str(complaint.message_ids[0].body))

        # 4. Monday 9 November, 11:00: the handler answers the customer; the
        # update clock starts again from that message.
        with freeze_time(paris(2026, 11, 9, 11, 0)):
            complaint.with_user(self.handler).message_post(
                body="We have found your payment: the refund leaves this week.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.customer.ids,
            )
        self.assertEqual(complaint.sla_last_update_date, paris(2026, 11, 9, 11, 0))
        # 5 working days from Monday 9, the 11th off: Tuesday 17 November.
        self.assertEqual(complaint.update_deadline, paris(2026, 11, 17, 17, 0))
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 18, 17, 0))

        # 5. Thursday 12 November, 15:00: answered and closed, on time.
        with freeze_time(paris(2026, 11, 12, 15, 0)):
            complaint.with_user(self.handler).write(
                {
                    "stage_id": self.answered.id,
                    # Closed with its root cause (charter article 6).
                    "root_cause_id": self.env.ref(
                        "reclamation_charter.root_cause_delay"
                    ).id,
                }
            )
        self.assertTrue(complaint.closed)
        self.assertEqual(complaint.closed_date, paris(2026, 11, 12, 15, 0))
        self.assertEqual(complaint.sla_status, "met")
        self.assertEqual(complaint.sla_success, 100.0)
        self.assertEqual(Ticket.search_count([("sla_status", "=", "met")]), 1)

        # 6. One year later the complaint is archived; five years later the
        # retention job anonymises it.
        self.assertEqual(complaint.retention_anonymise_date, paris(2031, 11, 12, 15, 0))
        self._run_cron("ir_cron_apply_retention", datetime(2027, 11, 13))
        self.assertEqual(complaint.retention_phase, "archived")
        self.assertEqual(complaint.partner_id, self.customer)
        self._run_cron("ir_cron_apply_retention", datetime(2031, 11, 11))
        self.assertEqual(complaint.retention_phase, "archived", "not yet")
        self._run_cron("ir_cron_apply_retention", datetime(2031, 11, 13))
        self.assertEqual(complaint.retention_phase, "anonymised")
        self.assertTrue(complaint.anonymised_date)
        self.assertNotIn("refund", str(complaint.description))
        self.assertFalse(complaint.partner_email)
        self.assertNotEqual(self.customer.name, "Léa Moreau")
        self.assertNotEqual(self.customer.email, "lea.moreau@example.net")
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", complaint.id),
                    ("body", "ilike", "refund"),
                ]
            )
        )
        # What stays for the statistics: the deadlines and their outcome.
        self.assertEqual(complaint.sla_status, "met")
        kinds = (
            self.env["reclamation.decision.log"]
            .search([("ticket_id", "=", complaint.id)], order="id")
            .mapped("kind")
        )
        self.assertEqual(kinds, ["owner", "deadline", "retention", "anonymisation"])
