# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # What the working schedules read of a leave (resource.calendar's
    # _leave_intervals_batch): a change of anything else moves no deadline.
    _RECLAMATION_SCHEDULE_FIELDS = frozenset(
        {
            "date_from",
            "date_to",
            "calendar_id",
            "resource_id",
            "time_type",
            "company_id",
        }
    )

    def _recompute_complaint_deadlines(self, reason, calendars=None):
        """Public holidays and closures (leaves without resource) move the
        deadlines of the open complaints counted on their calendar, or on
        every calendar for a leave without one: a job is queued, one pending
        request per calendar. ``calendars``: more calendars concerned (those
        the leaves were on before a change)."""
        global_leaves = self.filtered(lambda leave: not leave.resource_id)
        Recompute = self.env["reclamation.sla.recompute"]
        if any(not leave.calendar_id for leave in global_leaves):
            Recompute._enqueue(reason, "all_calendars")
            return
        calendars = global_leaves.calendar_id | (
            calendars or self.env["resource.calendar"]
        )
        if calendars:
            Recompute._enqueue(reason, "calendar", calendars)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._recompute_complaint_deadlines(
            self.env._("a public holiday or closure was added")
        )
        return leaves

    def write(self, vals):
        if not self._RECLAMATION_SCHEDULE_FIELDS.intersection(vals):
            return super().write(vals)
        global_before = self.filtered(lambda leave: not leave.resource_id)
        before = global_before.calendar_id
        everywhere_before = any(not leave.calendar_id for leave in global_before)
        res = super().write(vals)
        reason = self.env._("a public holiday or closure changed")
        if everywhere_before:
            self.env["reclamation.sla.recompute"]._enqueue(reason, "all_calendars")
        else:
            self._recompute_complaint_deadlines(reason, calendars=before)
        return res

    def unlink(self):
        global_leaves = self.filtered(lambda leave: not leave.resource_id)
        calendars = global_leaves.calendar_id
        everywhere = any(not leave.calendar_id for leave in global_leaves)
        res = super().unlink()
        reason = self.env._("a public holiday or closure was removed")
        Recompute = self.env["reclamation.sla.recompute"]
        if everywhere:
            Recompute._enqueue(reason, "all_calendars")
        elif calendars:
            Recompute._enqueue(reason, "calendar", calendars.exists())
        return res
