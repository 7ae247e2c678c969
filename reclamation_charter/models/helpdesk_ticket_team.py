# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    is_complaint_desk = fields.Boolean(
        string="Complaint desk",
        help="Tickets received by this team are complaints handled under the "
        "complaints charter. Only the team's members and the complaint managers "
        "can read them. Ticking it on a team with open tickets asks for a "
        "confirmation; tickets closed before never become complaints.",
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working calendar",
        help="Working time and public holidays the team's complaint deadlines "
        "are counted on, unless their deadline policy sets one. Empty: the "
        "company's calendar.",
    )
    reclamation_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Satisfaction survey",
        domain=[("access_mode", "=", "token")],
        help="The survey the customers of this complaint desk are invited to "
        "after closure. Empty: the association's complaint satisfaction survey.",
    )

    @api.constrains("reclamation_survey_id")
    def _check_reclamation_survey(self):
        for team in self:
            survey = team.reclamation_survey_id
            if survey and (
                survey.access_mode != "token" or survey.users_login_required
            ):
                raise ValidationError(
                    self.env._(
                        "The satisfaction survey of %(team)s must be answered by "
                        "invitation only, without login: change the access of "
                        "the survey %(survey)s.",
                        team=team.display_name,
                        survey=survey.display_name,
                    )
                )

    reclamation_auto_assign = fields.Boolean(
        string="Assign complaints automatically",
        help="New complaints received without an assignee go to the "
        "least-loaded eligible member of the desk: an active member who is a "
        "complaint handler, a senior one for complex complaints, owning the "
        "fewest open complaints.",
    )

    reclamation_lang = fields.Selection(
        selection="_reclamation_lang_selection",
        string="Language of letters",
        default=lambda self: self._reclamation_default_lang(),
        help="Letters go out in the customer's language: their contact's, else "
        "the one their email was written in; when neither is known, in this one.",
    )
    reclamation_email_contact = fields.Selection(
        selection=[
            ("create", "Find or create the sender's contact"),
            ("find", "Link an existing contact only"),
        ],
        string="Complaints by email",
        # Not required in the database: helpdesk_mgmt creates teams without
        # knowing this column (its own tests do), and an empty value reads as
        # the default.
        default="create",
        help="What a complaint received by email from an unknown address "
        "becomes. Find or create: a contact is created for the sender (name, "
        "address and language taken from the email), so that their rights "
        "(access, rectification, erasure) and the protection of complainants "
        "apply to it, and it is anonymised with their complaints. Link only: "
        "the complaint keeps the sender's name and address, without a contact.",
    )

    @api.model
    def _reclamation_lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.model
    def _reclamation_default_lang(self):
        """The company's language: a French association's desk answers in
        French unless told otherwise."""
        lang = self.env.company.partner_id.lang
        installed = dict(self.env["res.lang"].get_installed())
        return lang if lang in installed else False

    def _reclamation_get_lang(self):
        """The language the desk writes in when the customer's is unknown."""
        self.ensure_one()
        return (
            self.reclamation_lang
            or self.company_id.partner_id.lang
            or self.env.company.partner_id.lang
            or "en_US"
        )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(teams.mapped("is_complaint_desk")):
            self.env["helpdesk.ticket.stage"]._reclamation_sync_desk_stages()
        # Record rules list the teams a complaint manager reads (see res.users).
        self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        if "is_complaint_desk" in vals:
            self._check_complaint_desk_change(bool(vals["is_complaint_desk"]))
        res = super().write(vals)
        if "is_complaint_desk" in vals:
            self.env["helpdesk.ticket.stage"]._reclamation_sync_desk_stages()
        if "resource_calendar_id" in vals:
            self.env["reclamation.sla.recompute"]._enqueue(
                self.env._("the team's working calendar changed"), "team", self
            )
        if {"is_complaint_desk", "user_ids"}.intersection(vals):
            # Record rules read the desks a user belongs to (see res.users):
            # their cached domains are stale now.
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        had_desk = any(self.mapped("is_complaint_desk"))
        res = super().unlink()
        if had_desk:
            self.env["helpdesk.ticket.stage"]._reclamation_sync_desk_stages()
        return res

    def _reclamation_pick_assignees(self, wanted):
        """The assignee of each new complaint of ``wanted`` (a list of
        (desk, complexity)), or an empty user when the desk has nobody
        eligible: the active members who are complaint handlers (seniors for
        complex complaints), the least loaded first (open complaints owned,
        counted in one query, then those assigned here), the lowest id on a
        tie."""
        handler = self.env.ref("reclamation_charter.group_reclamation_handler")
        senior = self.env.ref("reclamation_charter.group_reclamation_senior")
        members = self.sudo().user_ids.filtered(
            lambda user: user.active and handler in user.all_group_ids
        )
        Ticket = self.env["helpdesk.ticket"].sudo()
        load = dict.fromkeys(members, 0)
        if members:
            load.update(
                Ticket._read_group(
                    Ticket._get_open_owned_domain(members), ["owner_id"], ["__count"]
                )
            )
        Users = self.env["res.users"]
        result = []
        for team, complexity in wanted:
            eligible = [
                user
                for user in team.sudo().user_ids
                if user in load
                and (complexity != "complex" or senior in user.all_group_ids)
            ]
            if not eligible:
                result.append(Users)
                continue
            user = min(eligible, key=lambda u: (load[u], u.id))
            load[user] += 1
            result.append(user)
        return result

    def _get_open_tickets_domain(self):
        return Domain("team_id", "in", self.ids) & Domain("stage_id.closed", "=", False)

    def _check_complaint_desk_change(self, is_desk):
        """A team's flag does not rewrite its tickets' history: ticking it on a
        team with open tickets goes through a confirmation that lists those
        that become complaints; unticking it is refused while open complaints
        are on the team (its closed complaints stay complaints)."""
        changing = self.filtered(lambda team: team.is_complaint_desk != is_desk)
        if not changing:
            return
        # Counting only: the user configures the team, whatever tickets they read.
        Ticket = self.env["helpdesk.ticket"].sudo()
        domain = changing._get_open_tickets_domain() & Domain(
            "is_complaint_desk", "=", not is_desk
        )
        # Only the confirmation wizard, as the superuser, after checking the
        # user may configure the team: a context alone authorises nothing.
        if (
            is_desk
            and self.env.su
            and self.env.context.get("reclamation_desk_confirmed")
        ):
            return
        counts = dict(Ticket._read_group(domain, ["team_id"], ["__count"]))
        if not counts:
            return
        team, count = next(iter(counts.items()))
        if is_desk:
            raise UserError(
                self.env._(
                    "The team %(team)s has %(count)s open tickets. Use “Make it a "
                    "complaint desk” to review the tickets that become complaints "
                    "and confirm.",
                    team=team.display_name,
                    count=count,
                )
            )
        raise UserError(
            self.env._(
                "The team %(team)s still has %(count)s open complaints: move them "
                "to another complaint desk first. Its closed complaints remain "
                "complaints.",
                team=team.display_name,
                count=count,
            )
        )

    def action_open_complaint_desk_confirm(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_complaint_desk_confirm_action"
        ) | {"context": {"default_team_id": self.id}}
