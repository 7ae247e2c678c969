# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _get_proof_documents(self):
        """The letter of a decision sent to the customer is frozen like the
        decision: the customer downloads the letter that was sent."""
        proofs = super()._get_proof_documents()
        # Only whether a sent decision refers to these files is read.
        decisions = (
            self.env["reclamation.resolution"]
            .sudo()
            .search([("report_attachment_id", "in", self.ids), ("state", "=", "sent")])
        )
        for attachment in self.filtered(lambda a: a in decisions.report_attachment_id):
            proofs[attachment] = self.env._(
                "the letter of a decision sent to the customer"
            )
        return proofs
