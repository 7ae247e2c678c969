# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestDeskMove(ReclamationCase):
    """A complaint leaves the complaint desks only by a complaint manager's
    decision, with a reason, and stays protected."""

    def _desk_moves(self, complaint):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "desk_move")]
        )

    def _move(self, complaint, user, team, reason):
        action = complaint.with_user(user).action_open_desk_move()
        with Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        ) as form:
            form.team_id = team
            form.reason = reason
        return form.record.action_move()

    def test_handler_cannot_move_a_complaint_to_a_support_team(self):
        complaint = self._create_complaint(remedy_sought="A refund")
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).write({"team_id": self.support.id})
        complaint.invalidate_recordset()
        self.assertEqual(complaint.team_id, self.desk)
        self.assertEqual(complaint.remedy_sought, "A refund")
        self.assertFalse(self._desk_moves(complaint))
        # Not even to no team at all.
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).write({"team_id": False})
        # A handler has no access to the manager's action either.
        with self.assertRaises(AccessError):
            complaint.with_user(self.handler)._move_off_complaint_desk(
                self.support, "Not ours"
            )
        self.assertEqual(complaint.team_id, self.desk)

    def test_manager_moves_it_with_a_reason_logged_as_a_decision(self):
        complaint = self._create_complaint(remedy_sought="A refund")
        with self.assertRaises(UserError):
            complaint.with_user(self.manager)._move_off_complaint_desk(
                self.support, "  "
            )
        self._move(complaint, self.manager, self.support, "It is about the VPN outage.")
        self.assertEqual(complaint.team_id, self.support)
        log = self._desk_moves(complaint)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.manager)
        self.assertEqual(log.before, self.desk.display_name)
        self.assertEqual(log.after, self.support.display_name)
        self.assertEqual(log.reason, "It is about the VPN outage.")
        # Still a complaint, with its data and its clocks.
        self.assertTrue(complaint.is_complaint_desk)
        self.assertTrue(complaint.is_charter_complaint)
        self.assertEqual(complaint.remedy_sought, "A refund")
        self.assertEqual(complaint.charter_id, self.charter_v2)

    def test_moved_complaint_stays_protected(self):
        complaint = self._create_complaint()
        complaint.with_user(self.manager)._move_off_complaint_desk(
            self.support, "It is about the VPN outage."
        )
        # Neither the support team's members nor other helpdesk users read it.
        for user in (self.helpdesk_user, self.other_handler):
            with self.assertRaises(AccessError):
                complaint.with_user(user).read(["name"])
            self.assertFalse(
                self.env["helpdesk.ticket"]
                .with_user(user)
                .search([("id", "=", complaint.id)])
            )
        # The complaint managers and the DPO still do.
        self.assertTrue(complaint.with_user(self.manager).name)
        self.assertTrue(complaint.with_user(self.dpo).name)
