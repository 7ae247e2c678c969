# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ReclamationCharter(models.Model):
    _inherit = "reclamation.charter"

    def _get_public_url(self):
        """The portal page of this version (``/charter/<id>``)."""
        self.ensure_one()
        return f"{self.get_base_url()}/charter/{self.id}"
