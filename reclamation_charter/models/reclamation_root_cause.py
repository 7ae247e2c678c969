# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationRootCause(models.Model):
    """Why a complaint arose (charter article 6): recorded when the complaint
    is closed, so that recurring causes show in the reports and lead to
    corrective actions."""

    _name = "reclamation.root.cause"
    _description = "Complaint Root Cause"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        translate=True,
        help="When to choose this cause, so that handlers classify alike.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    complaint_count = fields.Integer(
        string="Complaints",
        compute="_compute_complaint_count",
        help="Complaints closed with this root cause.",
    )
    corrective_action_ids = fields.One2many(
        comodel_name="reclamation.corrective.action",
        inverse_name="root_cause_id",
        string="Corrective actions",
    )

    def _compute_complaint_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("root_cause_id", "in", self.ids)],
                ["root_cause_id"],
                ["__count"],
            )
        )
        for cause in self:
            cause.complaint_count = counts.get(cause, 0)
