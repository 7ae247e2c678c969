# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.fields import Domain


class ReclamationComplaintDeskConfirm(models.TransientModel):
    """Make an existing team a complaint desk. Its open tickets become
    complaints received now (the charter clock cannot start in the past
    without the customer being told): they are listed here, and converted,
    acknowledged and protected only once the manager confirms. Its closed
    tickets never become complaints."""

    _name = "reclamation.complaint.desk.confirm"
    _description = "Make a Team a Complaint Desk"

    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", required=True, ondelete="cascade"
    )
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Open tickets that become complaints",
        compute="_compute_ticket_ids",
        store=True,
    )
    ticket_count = fields.Integer(compute="_compute_ticket_ids", store=True)

    @api.depends("team_id")
    def _compute_ticket_ids(self):
        Ticket = self.env["helpdesk.ticket"]
        for wizard in self:
            wizard.ticket_ids = Ticket.search(
                wizard.team_id._get_open_tickets_domain()
                & Domain("is_complaint_desk", "=", False)
            )
            wizard.ticket_count = len(wizard.ticket_ids)

    def action_confirm(self):
        self.ensure_one()
        team = self.team_id
        team.check_access("write")
        # Checked just above: the user may change the team; its open tickets
        # were listed here and confirmed.
        team.sudo().with_context(reclamation_desk_confirmed=True).write(
            {"is_complaint_desk": True}
        )
        # The listed tickets still open and on the team, as the user saw them.
        tickets = self.ticket_ids.filtered(
            lambda ticket: ticket.team_id == team
            and not ticket.is_complaint_desk
            and not ticket.closed
        )
        # The user may configure the team (its write just above was checked).
        tickets._make_complaint()
        return {"type": "ir.actions.act_window_close"}
