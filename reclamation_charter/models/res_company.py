# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    reclamation_retention_active_months = fields.Integer(
        string="Complaints kept active (months)",
        default=12,
        help="Months after closure during which a complaint stays available to "
        "its desk; it is then archived, readable by complaint managers and the "
        "data protection officer only.",
    )
    reclamation_retention_total_months = fields.Integer(
        string="Complaints kept in total (months)",
        default=60,
        help="Months after closure after which a complaint is anonymised, "
        "unless a legal hold applies.",
    )

    @api.constrains(
        "reclamation_retention_active_months", "reclamation_retention_total_months"
    )
    def _check_reclamation_retention(self):
        for company in self:
            active = company.reclamation_retention_active_months
            total = company.reclamation_retention_total_months
            if active < 0 or total <= 0 or total < active:
                raise ValidationError(
                    self.env._(
                        "Retention periods must be positive, and complaints must "
                        "stay active no longer than they are kept in total."
                    )
                )
