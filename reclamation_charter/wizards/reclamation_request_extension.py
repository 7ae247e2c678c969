# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationRequestExtension(models.TransientModel):
    """Extend the answer deadline of a data-subject request, with the
    reason the person is told."""

    _name = "reclamation.request.extension"
    _description = "Extend a Data-Subject Request"
    _inherit = ["reclamation.wizard.access.mixin"]
    _wizard_record_fields = ("request_id",)

    request_id = fields.Many2one(
        comodel_name="reclamation.data.request", required=True, ondelete="cascade"
    )
    current_deadline = fields.Date(related="request_id.deadline")
    new_deadline = fields.Date(required=True)
    reason = fields.Text(required=True)

    def action_extend(self):
        self.ensure_one()
        self.request_id._extend(self.new_deadline, self.reason)
        return {"type": "ir.actions.act_window_close"}
