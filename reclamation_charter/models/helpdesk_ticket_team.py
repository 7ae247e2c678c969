# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_complaint_desk = fields.Boolean(
        string="Complaint desk",
        help="Tickets of this team are complaints handled under the complaints "
        "charter. Only the team's members and the complaint managers can read "
        "them.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working calendar",
        help="Working time and public holidays the team's complaint deadlines "
        "are counted on, unless their deadline policy sets one. Empty: the "
        "company's calendar.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(teams.mapped("is_complaint_desk")):
            self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if "resource_calendar_id" in vals:
            self.env["reclamation.sla.recompute"]._enqueue(
                self.env._("the team's working calendar changed"), "team", self
            )
        if {"is_complaint_desk", "user_ids"}.intersection(vals):
            # Record rules read the desks a user belongs to (see res.users):
            # their cached domains are stale now.
            self.env.registry.clear_cache()
        return res
