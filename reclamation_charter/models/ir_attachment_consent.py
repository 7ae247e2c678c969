# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _get_proof_documents(self):
        """The evidence of a consent (the signed form, the note of the call,
        the person's email as received) is kept as the consent is."""
        proofs = super()._get_proof_documents()
        # Only whether a consent refers to these files is read.
        consents = (
            self.env["reclamation.consent"]
            .sudo()
            .search([("evidence_attachment_id", "in", self.ids)])
        )
        for attachment in self.filtered(lambda a: a in consents.evidence_attachment_id):
            proofs[attachment] = self.env._("the evidence of a consent")
        return proofs
