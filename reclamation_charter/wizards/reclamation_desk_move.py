# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationDeskMove(models.TransientModel):
    """Move a complaint to a team that is not a complaint desk: a complaint
    manager's decision, with its reason in the decision log. The complaint
    stays a complaint and stays protected."""

    _name = "reclamation.desk.move"
    _description = "Move a Complaint off the Complaint Desks"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    current_team_id = fields.Many2one(related="ticket_id.team_id")
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="New team",
        required=True,
        domain=[("is_complaint_desk", "=", False)],
    )
    reason = fields.Text(
        required=True,
        help="Why this complaint is handled outside the complaint desks.",
    )

    def action_move(self):
        self.ensure_one()
        self.ticket_id._move_off_complaint_desk(self.team_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
