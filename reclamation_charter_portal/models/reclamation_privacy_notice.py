# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ReclamationPrivacyNotice(models.Model):
    _inherit = "reclamation.privacy.notice"

    def _get_public_url(self):
        """The portal page of this version (``/privacy-notice/<id>``)."""
        self.ensure_one()
        return f"{self.get_base_url()}/privacy-notice/{self.id}"
