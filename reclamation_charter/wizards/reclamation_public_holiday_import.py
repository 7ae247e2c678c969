# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ReclamationPublicHolidayImport(models.TransientModel):
    """Fill a working calendar with a country's public holidays for a year,
    from the maintained ``holidays`` dataset."""

    _name = "reclamation.public.holiday.import"
    _description = "Import Public Holidays"

    calendar_id = fields.Many2one(
        comodel_name="resource.calendar", string="Working calendar", required=True
    )
    country_id = fields.Many2one(
        comodel_name="res.country",
        required=True,
        default=lambda self: self.env.ref("base.fr", raise_if_not_found=False),
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "resource.calendar":
            values.setdefault("calendar_id", self.env.context.get("active_id"))
        return values

    def action_import(self):
        self.ensure_one()
        leaves = self.calendar_id._import_public_holidays(
            self.country_id.code, self.year
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s public holidays added to %(calendar)s.",
                    count=len(leaves),
                    calendar=self.calendar_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
