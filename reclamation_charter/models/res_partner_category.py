# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResPartnerCategory(models.Model):
    """A tag's contacts are the other side of the contacts' tags: tagging a
    recent complainant from the tag (form, RPC, import), or deleting a tag
    they have, is a change of their tags, protected as on the contact (see
    res_partner.py)."""

    _inherit = "res.partner.category"

    def _reclamation_tagged_partners(self):
        return {tag.id: tag.with_context(active_test=False).partner_ids for tag in self}

    @api.model_create_multi
    def create(self, vals_list):
        tags = super().create(vals_list)
        if any("partner_ids" in vals for vals in vals_list):
            tags.with_context(
                active_test=False
            ).partner_ids._reclamation_check_protected_relation("category_id")
        return tags

    def write(self, vals):
        if "partner_ids" not in vals:
            return super().write(vals)
        before = self._reclamation_tagged_partners()
        result = super().write(vals)
        changed = self.env["res.partner"]
        for tag, partners in self._reclamation_tagged_partners().items():
            changed |= (partners - before[tag]) | (before[tag] - partners)
        changed._reclamation_check_protected_relation("category_id")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_protected_contacts(self):
        self.with_context(
            active_test=False
        ).partner_ids._reclamation_check_protected_relation("category_id")
