# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Merging contacts moves their complaints, tags and other relations in
    SQL, then deletes the merged contacts: a recent complainant is not merged
    away, and the contact they are merged into keeps its protected values
    (see res_partner.py)."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) > 1:
            self._reclamation_check_merge(partners, dst_partner)
        return super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )

    def _reclamation_check_merge(self, partners, dst_partner):
        if partners._reclamation_protection_bypassed():
            return
        # The destination Odoo's merge chooses.
        if dst_partner and dst_partner in partners:
            sources = partners - dst_partner
        else:
            ordered = self._get_ordered_partner(partners.ids)
            dst_partner, sources = ordered[-1], ordered[:-1]
        protected = sources._reclamation_recent_complainants()
        if protected:
            raise UserError(
                self.env._(
                    "%(partner)s complained less than %(months)s months ago: "
                    "the contact cannot be merged into another one and deleted. "
                    "Merge the other contacts into it instead.",
                    partner=protected[0].display_name,
                    months=self.env.company.sudo().reclamation_protection_months,
                )
            )
        partners = partners.with_context(active_test=False)
        for name in dst_partner._reclamation_protected_fields():
            field = dst_partner._fields.get(name)
            if field and field.type == "many2many":
                if partners.mapped(name) != dst_partner.with_context(
                    active_test=False
                ).mapped(name):
                    dst_partner._reclamation_check_protected_relation(name)
