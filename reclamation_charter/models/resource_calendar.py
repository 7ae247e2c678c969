# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

import holidays
import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.translate import code_translations

from ..tools.working_schedule import WorkingSchedule

# The name Odoo gives the calendar of each new company, in the language of
# whoever created it (resource/models/res_company.py): a word of Odoo's, not
# the association's.
ODOO_STANDARD_CALENDAR = "Standard 40 hours/week"


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    reclamation_recompute_message = fields.Char(
        string="Complaint deadlines being recomputed",
        compute="_compute_reclamation_recompute_message",
    )

    @api.depends_context("lang")
    def _compute_display_name(self):
        """Odoo's standard calendar, still named as Odoo named it, is named
        in the reader's language; a name the association gave stays."""
        res = super()._compute_display_name()
        standard = self.filtered(lambda c: c.name == ODOO_STANDARD_CALENDAR)
        if standard:
            translations = code_translations.get_python_translations(
                "resource", self.env.lang or "en_US"
            )
            for calendar in standard:
                calendar.display_name = translations.get(
                    ODOO_STANDARD_CALENDAR, calendar.name
                )
        return res

    def _compute_reclamation_recompute_message(self):
        Recompute = self.env["reclamation.sla.recompute"]
        for calendar in self:
            domain = Domain("scope", "=", "all_calendars")
            if calendar._origin.id:
                domain |= Domain("calendar_id", "=", calendar._origin.id)
            calendar.reclamation_recompute_message = Recompute._get_pending_message(
                domain
            )

    def write(self, vals):
        res = super().write(vals)
        if {"attendance_ids", "tz", "global_leave_ids", "flexible_hours"} & set(vals):
            self._recompute_complaint_deadlines(
                self.env._("the working calendar changed")
            )
        return res

    def _recompute_complaint_deadlines(self, reason):
        """Open complaints counted on these calendars get their deadlines
        recomputed, and each move logged, by a job queued here (one pending
        request per calendar)."""
        if not self:
            return
        self.env["reclamation.sla.recompute"]._enqueue(reason, "calendar", self)

    def _import_public_holidays(self, country_code, year):
        """Add the country's public holidays of ``year`` as global leaves of
        the calendar (whole days in its time zone), skipping those already
        there. Returns the leaves created."""
        self.ensure_one()
        try:
            days = holidays.country_holidays(country_code, years=year)
        except NotImplementedError as error:
            raise UserError(
                self.env._(
                    "No public holidays are known for the country %(country)s.",
                    country=country_code,
                )
            ) from error
        lang = self.env.lang or "en_US"
        for language in (lang, lang.split("_")[0]):
            if language in getattr(days, "supported_languages", ()):
                days = holidays.country_holidays(
                    country_code, years=year, language=language
                )
                break
        tz = pytz.timezone(self.tz or "UTC")

        def utc(day, moment):
            local = tz.localize(datetime.combine(day, moment))
            return local.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)

        existing = {(leave.date_from, leave.date_to) for leave in self.global_leave_ids}
        values = []
        for day, name in sorted(days.items()):
            span = (utc(day, time.min), utc(day, time.max))
            if span not in existing:
                values.append(
                    {
                        "name": name,
                        "calendar_id": self.id,
                        "date_from": span[0],
                        "date_to": span[1],
                        "time_type": "leave",
                    }
                )
        return self.env["resource.calendar.leaves"].create(values)

    def _reclamation_schedule(self, start, end):
        """The calendar's working intervals between two naive UTC datetimes
        (attendances minus its public holidays and closures), ready for
        deadline arithmetic. One read of attendances and leaves."""
        self.ensure_one()
        intervals = self._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        return WorkingSchedule(
            [(interval[0], interval[1]) for interval in intervals],
            self.tz,
            (start, end),
        )
