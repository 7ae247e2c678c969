# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _recompute_complaint_deadlines(self, reason):
        """Public holidays and closures (leaves without resource) move the
        deadlines of the open complaints counted on their calendar, or on
        every calendar for a leave without one."""
        global_leaves = self.filtered(lambda leave: not leave.resource_id)
        if not global_leaves:
            return
        if all(leave.calendar_id for leave in global_leaves):
            calendar_domain = [("sla_calendar_id", "in", global_leaves.calendar_id.ids)]
        else:
            calendar_domain = [("sla_calendar_id", "!=", False)]
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([*calendar_domain, ("closed", "=", False)])
        )
        tickets._recompute_sla_deadlines(reason)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._recompute_complaint_deadlines(
            self.env._("a public holiday or closure was added")
        )
        return leaves

    def write(self, vals):
        before = self.filtered(lambda leave: not leave.resource_id).calendar_id
        res = super().write(vals)
        reason = self.env._("a public holiday or closure changed")
        before._recompute_complaint_deadlines(reason)
        self._recompute_complaint_deadlines(reason)
        return res

    def unlink(self):
        calendars = self.filtered(lambda leave: not leave.resource_id).calendar_id
        everywhere = any(
            not leave.calendar_id and not leave.resource_id for leave in self
        )
        res = super().unlink()
        reason = self.env._("a public holiday or closure was removed")
        if everywhere:
            self.env["helpdesk.ticket"].sudo().search(
                [("sla_calendar_id", "!=", False), ("closed", "=", False)]
            )._recompute_sla_deadlines(reason)
        else:
            calendars._recompute_complaint_deadlines(reason)
        return res
