# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalHomeCounters(HttpCase):
    def test_ticket_tile_counted_once(self):
        """The "Tickets" tile counts the tickets that are not complaints, in
        one query: helpdesk_mgmt's count of all tickets is not made too."""
        new_test_user(
            self.env,
            login="rcphc-portal",
            password="rcphc-portal",
            groups="base.group_portal",
        )
        self.authenticate("rcphc-portal", "rcphc-portal")
        queries = []
        with contextmanager(self._patchExecute)(queries, False):
            counts = self.make_jsonrpc_request(
                "/my/counters", {"counters": ["ticket_count"]}
            )
        self.assertEqual(counts["ticket_count"], 0)
        ticket_counts = [
            query
            for query in queries
            if 'count(*) from "helpdesk_ticket"' in " ".join(query.lower().split())
        ]
        self.assertEqual(len(ticket_counts), 1, ticket_counts)
