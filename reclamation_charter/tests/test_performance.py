# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaintPerformance(ReclamationCase):
    def _values(self, team, count):
        return [
            {
                "name": f"Ticket {i}",
                "description": "<p>.</p>",
                "team_id": team.id,
                "partner_id": self.customer.id,
            }
            for i in range(count)
        ]

    def _queries(self, team, count):
        Ticket = self.env["helpdesk.ticket"]
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        Ticket.create(self._values(team, count))
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_batch_creation_costs_no_query_per_complaint(self):
        # Warm up both paths (caches, sequences, templates).
        self._queries(self.support, 3)
        self._queries(self.desk, 3)
        plain_10, plain_40 = (
            self._queries(self.support, 10),
            self._queries(self.support, 40),
        )
        desk_10, desk_40 = self._queries(self.desk, 10), self._queries(self.desk, 40)
        # Complaint data (charter stamping, defaults, acknowledgement
        # scheduling) adds a constant number of queries, not one per complaint.
        self.assertLessEqual(desk_40 - desk_10, plain_40 - plain_10 + 2)
        self.assertLessEqual(desk_10, plain_10 + 15)
