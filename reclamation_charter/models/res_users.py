# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RECLAMATION_LEVELS = [("handler", "Handler"), ("senior", "Senior")]


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

    # Competence (charter article 5). The level is the user's complaint group,
    # read and written as a level: one truth, the groups, which the record
    # rules and the menus already use.
    reclamation_level = fields.Selection(
        selection=RECLAMATION_LEVELS,
        string="Complaint handling level",
        compute="_compute_reclamation_level",
        inverse="_inverse_reclamation_level",
        search="_search_reclamation_level",
        compute_sudo=True,
        help="Handler or senior handler of complaints: it is the user's "
        "complaint group (Senior Complaint Handler for seniors). Only seniors "
        "own complex complaints. Set by complaint managers.",
    )
    reclamation_training_date = fields.Date(
        string="Complaint handling training",
        help="Date of the user's last training in complaint handling. Set by "
        "complaint managers.",
    )

    # Competence fields complaint managers maintain (see write).
    _RECLAMATION_COMPETENCE_FIELDS = frozenset(
        {"reclamation_level", "reclamation_training_date"}
    )

    @api.depends("all_group_ids")
    def _compute_reclamation_level(self):
        senior = self.env.ref(
            "reclamation_charter.group_reclamation_senior", raise_if_not_found=False
        )
        handler = self.env.ref(
            "reclamation_charter.group_reclamation_handler", raise_if_not_found=False
        )
        for user in self:
            groups = user.all_group_ids
            user.reclamation_level = (
                "senior"
                if senior and senior in groups
                else "handler"
                if handler and handler in groups
                else False
            )

    def _inverse_reclamation_level(self):
        senior = self.env.ref("reclamation_charter.group_reclamation_senior")
        handler = self.env.ref("reclamation_charter.group_reclamation_handler")
        for user in self:
            if user.reclamation_level == "senior":
                user.group_ids = [(4, senior.id)]
            elif user.reclamation_level == "handler":
                user.group_ids = [(3, senior.id), (4, handler.id)]
                if senior in user.all_group_ids:
                    raise UserError(
                        self.env._(
                            "%(user)s is a complaint manager, and as such a "
                            "senior handler: remove them from the complaint "
                            "managers first.",
                            user=user.display_name,
                        )
                    )
            else:
                user.group_ids = [(3, senior.id), (3, handler.id)]

    def _search_reclamation_level(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        senior = self.env.ref("reclamation_charter.group_reclamation_senior")
        handler = self.env.ref("reclamation_charter.group_reclamation_handler")
        ids = set()
        if "senior" in value:
            ids |= set(senior.sudo().all_user_ids.ids)
        if "handler" in value:
            ids |= set((handler.sudo().all_user_ids - senior.sudo().all_user_ids).ids)
        return [("id", operator, list(ids))]

    def write(self, vals):
        """Complaint managers set the competence of the users (level and
        training), which they could not otherwise write: their right is
        checked here, then the values are written as the superuser."""
        competence = self._RECLAMATION_COMPETENCE_FIELDS.intersection(vals)
        if competence and not self.env.su:
            if not self.env.user.has_group(
                "reclamation_charter.group_reclamation_manager"
            ):
                raise AccessError(
                    self.env._(
                        "Only complaint managers set the complaint handling "
                        "level and training of users."
                    )
                )
            # Checked just above: a complaint manager.
            super(ResUsers, self.sudo()).write(
                {name: vals[name] for name in competence}
            )
            vals = {name: v for name, v in vals.items() if name not in competence}
            if not vals:
                return True
        return super().write(vals)

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
