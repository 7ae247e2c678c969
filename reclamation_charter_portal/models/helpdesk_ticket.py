# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _get_portal_close_stages(self):
        """The stages the customer may close the ticket into from the portal:
        the closing stages of its team (of its company when it has no team),
        and none for a complaint, which the customer withdraws instead."""
        self.ensure_one()
        Stage = self.env["helpdesk.ticket.stage"]
        if self.is_complaint_desk:
            return Stage
        if self.team_id:
            stages = self.team_id._get_applicable_stages()
        else:
            stages = Stage.search(
                [
                    ("company_id", "in", [False, self.company_id.id]),
                    ("team_ids", "=", False),
                ]
            )
        return stages.filtered("close_from_portal")

    def _portal_close(self, stage):
        """Close the ticket into ``stage`` at its customer's request."""
        self.ensure_one()
        if self.is_complaint_desk:
            raise UserError(
                self.env._(
                    "A complaint cannot be closed from the portal: withdraw it "
                    "instead, so that your withdrawal is recorded."
                )
            )
        if stage not in self._get_portal_close_stages():
            raise UserError(
                self.env._(
                    "The ticket %(ticket)s cannot be closed into this stage.",
                    ticket=self.display_name,
                )
            )
        self.stage_id = stage
