# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationHoldingLetter(models.TransientModel):
    """Extend the answer deadline of a complaint by writing to the customer
    why and until when (charter article 2): the only way past the legal
    ceiling."""

    _name = "reclamation.holding.letter"
    _description = "Complaint Holding Letter"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    current_deadline = fields.Datetime(related="ticket_id.resolution_deadline")
    new_date = fields.Date(
        string="New answer date",
        required=True,
        help="The customer will have our answer by the end of this day.",
    )
    reason = fields.Text(
        required=True,
        help="Why more time is needed, in words the customer understands.",
    )

    def action_send(self):
        self.ensure_one()
        self.ticket_id._extend_resolution_deadline(self.new_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
