# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class HelpdeskTicket(models.Model):
    """Competence (charter article 5): complex complaints are owned by
    senior handlers, desks may assign new complaints to their least-loaded
    eligible member, and every assignment of an owner is logged."""

    _inherit = "helpdesk.ticket"

    @api.constrains("owner_id", "complexity")
    def _check_owner_competence(self):
        """A complex complaint is owned by a senior handler, however its
        owner or complexity is set (form, import, RPC, wizards, computed from
        the assignee)."""
        complex_owned = self.sudo().filtered(
            lambda ticket: ticket.complexity == "complex" and ticket.owner_id
        )
        if not complex_owned:
            return
        senior = self.env.ref(
            "reclamation_charter.group_reclamation_senior", raise_if_not_found=False
        )
        for ticket in complex_owned:
            owner = ticket.owner_id
            if not senior or senior.sudo() not in owner.all_group_ids:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is a complex complaint: only a senior "
                        "complaint handler can own it, and %(user)s is not one. "
                        "Choose a senior handler as owner, or ask a complaint "
                        "manager to change the handler's level.",
                        ticket=ticket.display_name,
                        user=owner.display_name,
                    )
                )

    # Automatic assignment

    @api.model
    def _prepare_auto_assignment_vals(self, vals_list):
        """New complaints of a desk that assigns automatically, given nobody,
        go to the least-loaded eligible member of the desk (see
        ``helpdesk.ticket.team._reclamation_pick_assignees``). Returns the
        values and, per ticket, whether it was assigned automatically."""
        team_ids = {
            vals["team_id"]
            for vals in vals_list
            if vals.get("team_id")
            and vals.get("is_complaint_desk")
            and not vals.get("user_id")
            and not vals.get("owner_id")
        }
        if not team_ids:
            return vals_list, [False] * len(vals_list)
        # Only the desks' option and members are read, to assign the new
        # complaints (the creator may be a customer on the portal).
        teams = (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .browse(team_ids)
            .filtered("reclamation_auto_assign")
        )
        if not teams:
            return vals_list, [False] * len(vals_list)
        wanted = [
            (
                index,
                teams.browse(vals["team_id"]),
                vals.get("complexity") or "standard",
            )
            for index, vals in enumerate(vals_list)
            if vals.get("team_id") in teams.ids
            and vals.get("is_complaint_desk")
            and not vals.get("user_id")
            and not vals.get("owner_id")
        ]
        assignees = teams._reclamation_pick_assignees(
            [(team, complexity) for __, team, complexity in wanted]
        )
        vals_list = list(vals_list)
        automatic = [False] * len(vals_list)
        for (index, __, __), user in zip(wanted, assignees, strict=True):
            if user:
                vals_list[index] = dict(
                    vals_list[index], user_id=user.id, owner_id=user.id
                )
                automatic[index] = True
        return vals_list, automatic

    # Log of the owners

    def _get_owner_snapshot(self, vals):
        # The owner also follows the assignee when it is empty.
        if not {"owner_id", "user_id", "team_id"}.intersection(vals):
            return {}
        return {ticket: ticket.owner_id for ticket in self}

    def _log_owner_changes(self, before, automatic=None):
        """Each assignment of an owner is a logged decision: who, when, the
        previous and the new owner, and whether it was manual or automatic.
        ``before`` maps tickets to their previous owner (empty for new
        ones); ``automatic`` the tickets assigned automatically."""
        changed = self.filtered(
            lambda t: t.is_complaint_desk and t.owner_id != before.get(t, t.owner_id)
        )
        if not changed:
            return
        automatic = automatic or self.browse()
        manual = changed - automatic
        reasons = {
            "automatic": self.env._(
                "Automatic assignment: least-loaded eligible member of the desk"
            ),
            "manual": self.env._("Manual assignment"),
        }
        for tickets, reason in (
            (changed & automatic, reasons["automatic"]),
            (manual, reasons["manual"]),
        ):
            if not tickets:
                continue
            self.env["reclamation.decision.log"]._log(
                "owner",
                tickets,
                before=lambda t: before.get(t, self.env["res.users"]).display_name
                or "",
                after=lambda t: t.owner_id.display_name or "",
                before_values=lambda t: {"owner_id": before.get(t)},
                after_values=lambda t: {"owner_id": t.owner_id},
                reason=reason,
            )

    @api.model
    def _get_open_owned_domain(self, users):
        return (
            Domain("owner_id", "in", users.ids)
            & Domain("is_complaint_desk", "=", True)
            & Domain("stage_id.closed", "=", False)
        )
