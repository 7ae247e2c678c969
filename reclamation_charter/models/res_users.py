# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    reclamation_desk_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.team",
        string="Readable complaint desks",
        compute="_compute_reclamation_desk_ids",
        compute_sudo=True,
        help="Teams whose complaints the user may read: every team for complaint "
        "managers and the data protection officer (a complaint stays one when "
        "its team is no longer a desk), else the complaint desks the user is a "
        "member of. Used by the record rules.",
    )
    reclamation_archive_desk_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.team",
        string="Complaint desks with readable archives",
        compute="_compute_reclamation_desk_ids",
        compute_sudo=True,
        help="Teams whose complaints archived for retention the user may read: "
        "every team for complaint managers and the data protection officer, "
        "none for the others. Used by the record rules.",
    )

    @api.depends("helpdesk_team_ids.is_complaint_desk", "all_group_ids")
    def _compute_reclamation_desk_ids(self):
        desks = self.env["helpdesk.ticket.team"].with_context(active_test=False)
        # Teams are few, and complaint managers and the DPO read the
        # complaints of every team (a complaint stays one off the desks).
        all_teams = desks.search([])  # pylint: disable=no-search-all
        all_desks = all_teams.filtered("is_complaint_desk")
        for user in self:
            if user.has_group(
                "reclamation_charter.group_reclamation_manager"
            ) or user.has_group("reclamation_charter.group_reclamation_dpo"):
                user.reclamation_desk_ids = all_teams
                user.reclamation_archive_desk_ids = all_teams
            else:
                user.reclamation_desk_ids = all_desks & user.helpdesk_team_ids
                user.reclamation_archive_desk_ids = desks
