# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaintStatus(ReclamationCase):
    """A ticket's complaint status is settled when it is received: a team's
    flag does not rewrite the history of its tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.sales = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Sales support",
                "user_ids": [(6, 0, cls.handler.ids)],
            }
        )

    def _support_ticket(self, team=None, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Invoice in the wrong name",
                "description": "<p>Please correct it.</p>",
                "team_id": (team or self.sales).id,
                "partner_id": self.customer.id,
                **values,
            }
        )

    def _closed_in_2019(self, team=None):
        ticket = self._support_ticket(
            team=team, received_date=datetime(2019, 3, 4, 9, 0)
        )
        ticket.stage_id = self.stage_done
        ticket.closed_date = datetime(2019, 3, 11, 17, 0)
        return ticket

    def _confirm_desk(self, team, user):
        wizard = (
            self.env["reclamation.complaint.desk.confirm"]
            .with_user(user)
            .create({"team_id": team.id})
        )
        wizard.action_confirm()
        return wizard

    def test_ticking_the_desk_leaves_closed_tickets_alone(self):
        old = self._closed_in_2019()
        self.sales.with_user(self.manager).is_complaint_desk = True
        self.assertTrue(self.sales.is_complaint_desk)
        self.assertFalse(old.is_complaint_desk)
        self.assertFalse(old.ack_state, "no acknowledgement for a 2019 ticket")
        self.assertFalse(old.retention_anonymise_date, "not to be anonymised")
        self.assertFalse(old.charter_id)
        # Still an ordinary ticket, readable as before.
        self.assertTrue(old.with_user(self.helpdesk_user).name)
        # Tickets received from now on are complaints.
        new = self._support_ticket()
        self.assertTrue(new.is_complaint_desk)
        self.assertEqual(new.ack_state, "pending")

    def test_open_tickets_become_complaints_only_on_confirmation(self):
        old = self._closed_in_2019()
        open_ticket = self._support_ticket(received_date=datetime(2025, 11, 3, 9, 0))
        with self.assertRaises(UserError):
            self.sales.with_user(self.manager).is_complaint_desk = True
        self.assertFalse(self.sales.is_complaint_desk)
        self.assertFalse(open_ticket.is_complaint_desk)
        self.assertFalse(open_ticket.ack_state)

        wizard = (
            self.env["reclamation.complaint.desk.confirm"]
            .with_user(self.manager)
            .create({"team_id": self.sales.id})
        )
        self.assertEqual(wizard.ticket_ids, open_ticket, "open tickets only")
        before = fields.Datetime.now()
        wizard.action_confirm()
        self.assertTrue(self.sales.is_complaint_desk)
        self.assertTrue(open_ticket.is_complaint_desk)
        self.assertTrue(open_ticket.is_charter_complaint)
        # Received (and acknowledged) at the confirmation, not in the past.
        self.assertGreaterEqual(open_ticket.received_date, before)
        self.assertEqual(open_ticket.ack_state, "pending")
        self.assertEqual(open_ticket.charter_id, self.charter_v2)
        self.assertFalse(old.is_complaint_desk)
        # Now protected: members of the desk only.
        with self.assertRaises(AccessError):
            open_ticket.with_user(self.helpdesk_user).read(["name"])

    def test_unticking_a_desk_with_open_complaints_is_refused(self):
        complaint = self._create_complaint()
        with self.assertRaises(UserError):
            self.desk.with_user(self.manager).is_complaint_desk = False
        self.assertTrue(self.desk.is_complaint_desk)
        complaint.write(
            {"stage_id": self.stage_done.id, "root_cause_id": self.root_cause.id}
        )
        self.desk.with_user(self.manager).is_complaint_desk = False
        # Its closed complaints stay complaints, protected as such.
        self.assertTrue(complaint.is_complaint_desk)
        self.assertTrue(complaint.is_charter_complaint)
        self.assertTrue(complaint.retention_anonymise_date)
        with self.assertRaises(AccessError):
            complaint.with_user(self.helpdesk_user).read(["name"])
        self.assertTrue(complaint.with_user(self.manager).name)
        self.assertTrue(complaint.with_user(self.dpo).name)

    def test_open_ticket_moved_onto_a_desk_is_escalated(self):
        ticket = self._support_ticket(
            team=self.support, received_date=datetime(2025, 11, 3, 9, 0)
        )
        self.assertFalse(ticket.is_complaint_desk)
        before = fields.Datetime.now()
        ticket.with_user(self.handler).team_id = self.desk
        self.assertTrue(ticket.is_complaint_desk)
        self.assertGreaterEqual(ticket.received_date, before)
        self.assertEqual(ticket.complaint_kind, "complaint")
        self.assertEqual(ticket.ack_state, "pending")
        self.assertEqual(ticket.charter_id, self.charter_v2)

    def test_support_agent_escalates_a_ticket_they_then_cannot_read(self):
        ticket = self._support_ticket(team=self.support)
        ticket.with_user(self.helpdesk_user).write({"team_id": self.desk.id})
        self.assertTrue(ticket.is_complaint_desk)
        with self.assertRaises(AccessError):
            ticket.with_user(self.helpdesk_user).read(["name"])

    def test_closed_ticket_moved_onto_a_desk_stays_a_ticket(self):
        old = self._closed_in_2019(team=self.support)
        old.team_id = self.desk
        self.assertFalse(old.is_complaint_desk)
        self.assertFalse(old.ack_state)
        self.assertEqual(old.received_date, datetime(2019, 3, 4, 9, 0))

    def test_status_is_not_the_callers_to_set(self):
        complaint = (
            self.env["helpdesk.ticket"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Rude answer",
                    "description": "<p>.</p>",
                    "team_id": self.desk.id,
                    "is_complaint_desk": False,
                }
            )
        )
        self.assertTrue(complaint.is_complaint_desk)
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).is_complaint_desk = False
        self.assertTrue(complaint.is_complaint_desk)
        self.assertTrue(self.desk.is_complaint_desk)

    def test_team_from_the_assignee_settles_the_status(self):
        # helpdesk_mgmt puts a ticket without team on its assignee's team.
        desk_only = self.env["res.users"].browse(self.other_handler.id)
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "No team given",
                "description": "<p>.</p>",
                "user_id": desk_only.id,
            }
        )
        self.assertEqual(ticket.team_id, self.other_desk)
        self.assertTrue(ticket.is_complaint_desk)
        self.assertEqual(ticket.ack_state, "pending")

    def test_form_confirmation_button(self):
        self._support_ticket()
        action = self.sales.with_user(self.manager).action_open_complaint_desk_confirm()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.ticket_count, 1)
        form.record.action_confirm()
        self.assertTrue(self.sales.is_complaint_desk)

    def test_the_confirmation_flag_alone_skips_no_confirmation(self):
        open_ticket = self._support_ticket()
        team = self.sales.with_user(self.manager).with_context(
            reclamation_desk_confirmed=True
        )
        with self.assertRaises(UserError):
            team.is_complaint_desk = True
        self.assertFalse(self.sales.is_complaint_desk)
        self._confirm_desk(self.sales, self.manager)
        self.assertTrue(self.sales.is_complaint_desk)
        self.assertTrue(open_ticket.is_complaint_desk)
