# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holes found by trying the product as an attacker and as a data-protection
auditor would, after the hardening: each test reproduces one."""

from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestContextFlagsAuthoriseNothing(ReclamationCase):
    def test_anonymise_flag_does_not_hide_a_rectification(self):
        """A handler passing ``reclamation_anonymise`` in the context (any RPC
        client can) still has their change of identity logged."""
        complaint = self._create_complaint()
        Log = self.env["reclamation.decision.log"]
        complaint.with_user(self.handler).with_context(
            reclamation_anonymise=True
        ).write({"partner_email": "someone.else@example.com"})
        entry = Log.search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "rectification")]
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.handler)
