# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Repository-level checks run by pytest-odoo on the installed test database."""

from odoo.tests import tagged

from odoo.addons.reclamation_charter.tests.common import ReclamationCase


@tagged("post_install", "-at_install")
class TestEndToEnd(ReclamationCase):
    def test_both_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("reclamation_charter", "reclamation_charter_portal"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
