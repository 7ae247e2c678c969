# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestDecisionLog(ReclamationCase):
    def _entries(self, complaint, kind):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", kind)]
        )

    def test_complexity_change_is_logged_with_before_and_after(self):
        complaint = self._create_complaint()
        complaint.with_user(self.handler).complexity = "complex"
        entry = self._entries(complaint, "complexity")
        self.assertEqual(len(entry), 1)
        self.assertEqual((entry.before, entry.after), ("Standard", "Complex"))
        self.assertEqual(entry.user_id, self.handler)
        # Writing the same value again decides nothing.
        complaint.complexity = "complex"
        self.assertEqual(len(self._entries(complaint, "complexity")), 1)

    def test_nobody_changes_or_deletes_an_entry(self):
        complaint = self._create_complaint()
        complaint.complexity = "simple"
        entry = self._entries(complaint, "complexity")
        for env in (self.env, self.env(su=True), self.env(user=self.manager)):
            with self.assertRaises(AccessError):
                entry.with_env(env).write({"after": "Standard"})
            with self.assertRaises(AccessError):
                entry.with_env(env).unlink()
        self.assertEqual(entry.after, "Simple")
        self.assertTrue(entry.exists())

    def test_only_managers_and_dpo_read_it(self):
        complaint = self._create_complaint()
        complaint.complexity = "simple"
        Log = self.env["reclamation.decision.log"]
        self.assertTrue(Log.with_user(self.manager).search([]))
        self.assertTrue(Log.with_user(self.dpo).search([]))
        with self.assertRaises(AccessError):
            Log.with_user(self.handler).search([])
        with self.assertRaises(AccessError):
            Log.with_user(self.manager).create({"kind": "outcome"})
