# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationSlaPreset(models.TransientModel):
    """Create the deadline policies of a sector, to adjust afterwards."""

    _name = "reclamation.sla.preset"
    _description = "Load Deadline Policies of a Sector"

    preset = fields.Selection(
        selection=[
            ("generic", "Generic: 10 working days / 30 days / 2 months by complexity"),
            (
                "acpr_amf",
                "Banking and insurance (ACPR/AMF): 10 working days / 2 months",
            ),
            ("payment_services", "Payment services: 15 / 35 working days"),
        ],
        required=True,
        default="generic",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working calendar",
        help="Empty: each complaint's team calendar, else its company's.",
    )
    pause_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage", string="Pause stages"
    )

    def action_load(self):
        self.ensure_one()
        policies = self.env["reclamation.sla.policy"]._create_preset(
            self.preset, self.company_id, self.calendar_id, self.pause_stage_ids
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_sla_policy_action"
        )
        action["domain"] = [("id", "in", policies.ids)]
        return action
