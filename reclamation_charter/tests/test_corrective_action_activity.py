# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestCorrectiveActionActivity(ReclamationCase):
    """The owner's to-do of a corrective action follows its due date and
    owner in place: a new due date is no new assignment to notify."""

    def _owner_activities(self, action):
        return action.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("reclamation_charter.mail_activity_type_corrective_action")
        )

    def _notifications(self, partner):
        return self.env["mail.message"].search_count(
            [
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", partner.ids),
            ]
        )

    def test_new_due_date_moves_the_todo_without_notifying_again(self):
        action = self.env["reclamation.corrective.action"].create(
            {
                "name": "Call back within two days",
                "user_id": self.handler.id,
                "date_deadline": date.today() + timedelta(days=10),
            }
        )
        activity = self._owner_activities(action)
        self.assertEqual(len(activity), 1)
        notified = self._notifications(self.handler.partner_id)
        self.assertTrue(notified)

        action.date_deadline = date.today() + timedelta(days=20)
        self.assertEqual(self._owner_activities(action), activity)
        self.assertEqual(activity.date_deadline, date.today() + timedelta(days=20))
        self.assertEqual(self._notifications(self.handler.partner_id), notified)

        # A new owner gets the to-do, and is told.
        action.user_id = self.other_handler
        self.assertEqual(self._owner_activities(action), activity)
        self.assertEqual(activity.user_id, self.other_handler)
        self.assertTrue(self._notifications(self.other_handler.partner_id))
