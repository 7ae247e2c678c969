# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

DECISIONS = [
    ("restrict", "Restrict processing"),
    ("lift_restriction", "Lift the restriction"),
    ("legal_hold", "Place under legal hold"),
    ("release_hold", "Release the legal hold"),
    ("anonymise", "Anonymise now"),
]


class ReclamationPrivacyDecision(models.TransientModel):
    """A data-protection decision on complaints, with its reason: it is
    written to the decision log."""

    _name = "reclamation.privacy.decision"
    _description = "Data-Protection Decision on Complaints"
    _inherit = ["reclamation.wizard.access.mixin"]
    _wizard_record_fields = ("ticket_ids",)

    ticket_ids = fields.Many2many(comodel_name="helpdesk.ticket", required=True)
    decision = fields.Selection(selection=DECISIONS, required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        tickets = self.ticket_ids
        if self.decision == "restrict":
            tickets._restrict_processing(self.reason)
        elif self.decision == "lift_restriction":
            tickets._lift_restriction(self.reason)
        elif self.decision == "legal_hold":
            tickets._set_legal_hold(self.reason)
        elif self.decision == "release_hold":
            tickets._release_legal_hold(self.reason)
        elif self.decision == "anonymise":
            tickets._anonymise(self.reason)
        return {"type": "ir.actions.act_window_close"}
