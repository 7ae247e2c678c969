# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reclamation_retention_active_months = fields.Integer(
        related="company_id.reclamation_retention_active_months", readonly=False
    )
    reclamation_retention_total_months = fields.Integer(
        related="company_id.reclamation_retention_total_months", readonly=False
    )
