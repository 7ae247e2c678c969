# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Costs that must not grow with the records: the overdue reminders of
corrective actions and the protection of recent complainants on every
contact write. Measured for 1 and for 10 records."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestQueryGrowth(ReclamationCase):
    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _overdue_actions(self, count):
        return self.env["reclamation.corrective.action"].create(
            [
                {
                    "name": f"Overdue {index}",
                    "user_id": self.handler.id,
                    "date_deadline": date.today() - timedelta(days=3),
                }
                for index in range(count)
            ]
        )

    def test_overdue_reminders(self):
        today = date.today()
        counts = {}
        for n in (1, 10):
            actions = self._overdue_actions(n)
            counts[n] = self._count(lambda a=actions: a._send_overdue_reminders(today))
        self.assertLessEqual(counts[10], counts[1] + 1)

    def test_contact_write(self):
        counts = {}
        for n in (1, 10):
            partners = self.env["res.partner"].create(
                [{"name": f"Contact {index}"} for index in range(n)]
            )
            counts[n] = (
                self._count(lambda p=partners: p.write({"comment": "Called"})),
                self._count(lambda p=partners: p.write({"email": "a@example.org"})),
            )
        self.assertEqual(counts[10], counts[1])
