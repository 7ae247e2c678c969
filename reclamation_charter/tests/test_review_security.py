# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestReviewCorrectiveActionSteps(ReclamationCase):
    """A handler (create/write on corrective actions) cannot forge the
    progress of an action over RPC: its state, done date and reminder
    bookkeeping move through the buttons only, and the effectiveness
    review's result stays a complaint manager's."""

    def _action(self, **values):
        return (
            self.env["reclamation.corrective.action"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Refunds checked weekly",
                    "user_id": self.handler.id,
                    "date_deadline": date.today() + timedelta(days=30),
                    **values,
                }
            )
        )

    def test_handler_cannot_write_verified_effective(self):
        action = self._action()
        action.action_done()
        with self.assertRaises(AccessError):
            action.write(
                {"state": "verified_effective", "review_notes": "It worked (forged)"}
            )
        self.assertEqual(action.state, "done")

    def test_handler_cannot_create_verified_action(self):
        with self.assertRaises(AccessError):
            self._action(state="verified_effective")

    def test_handler_cannot_backdate_done(self):
        action = self._action()
        with self.assertRaises(AccessError):
            action.write({"done_date": date.today() - timedelta(days=90)})
        with self.assertRaises(AccessError):
            action.write({"overdue_reminded_on": date.today()})

    def test_buttons_still_work(self):
        action = self._action()
        action.action_start()
        action.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.done_date, date.today())
        action.review_notes = "No more billing errors since."
        action.with_user(self.manager).action_verified_effective()
        self.assertEqual(action.state, "verified_effective")


@tagged("post_install", "-at_install")
class TestReviewCorrectiveActionDesks(ReclamationCase):
    """A handler of another desk reads the company's corrective actions (to
    reuse one) but does not change those of complaints of a desk they are
    not in."""

    def test_other_desk_cannot_change_action(self):
        complaint = self._create_complaint()
        action = (
            self.env["reclamation.corrective.action"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Refunds checked weekly",
                    "user_id": self.handler.id,
                    "date_deadline": date.today() + timedelta(days=30),
                    "complaint_ids": [(4, complaint.id)],
                }
            )
        )
        self.assertEqual(
            action.with_user(self.other_handler).read(["name"])[0]["name"],
            "Refunds checked weekly",
        )
        with self.assertRaises(AccessError):
            action.with_user(self.other_handler).write({"name": "Nothing to do"})
        with self.assertRaises(AccessError):
            action.with_user(self.other_handler).write(
                {"user_id": self.other_handler.id}
            )
        # The desk's handlers and the managers still do.
        action.with_user(self.handler).write({"name": "Refunds checked daily"})
        action.with_user(self.manager).write(
            {"name": "Refunds checked daily (all desks)"}
        )
        self.assertEqual(action.name, "Refunds checked daily (all desks)")

    def test_other_desk_cannot_unlink_complaints_to_change_action(self):
        """Emptying the complaints in the same write does not make another
        desk's action an action "without a complaint" the handler may change."""
        complaint = self._create_complaint()
        action = self.env["reclamation.corrective.action"].create(
            {
                "name": "Refunds checked weekly",
                "user_id": self.handler.id,
                "date_deadline": date.today() + timedelta(days=30),
                "complaint_ids": [(4, complaint.id)],
            }
        )
        with self.assertRaises(AccessError):
            action.with_user(self.other_handler).write(
                {
                    "name": "hijacked",
                    "user_id": self.other_handler.id,
                    "complaint_ids": [(6, 0, [])],
                }
            )
        with self.assertRaises(AccessError):
            action.with_user(self.other_handler).write({"complaint_ids": [(5,)]})
        self.assertEqual(action.name, "Refunds checked weekly")
        self.assertEqual(action.complaint_ids, complaint)

    def test_handler_cannot_hand_action_over_to_other_desk(self):
        """A handler does not move an action they may change out of their
        reach: onto a complaint of a desk they are not in (which they read as
        its follower) with another owner."""
        other_complaint = self._create_complaint(team_id=self.other_desk.id)
        other_complaint.message_subscribe(partner_ids=self.handler.partner_id.ids)
        action = (
            self.env["reclamation.corrective.action"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Refunds checked weekly",
                    "user_id": self.handler.id,
                    "date_deadline": date.today() + timedelta(days=30),
                }
            )
        )
        with self.assertRaises(AccessError):
            action.write(
                {
                    "user_id": self.other_handler.id,
                    "complaint_ids": [(4, other_complaint.id)],
                }
            )
        self.assertFalse(action.complaint_ids)
        self.assertEqual(action.user_id, self.handler)
        # Linking it while keeping it is fine: the action stays theirs.
        action.write({"complaint_ids": [(4, other_complaint.id)]})
        self.assertEqual(action.sudo().complaint_ids, other_complaint)
