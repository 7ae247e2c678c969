# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """Canned answers (charter article 5): each stage offers its answer
    templates, which handlers insert and adapt in the mail composer."""

    _inherit = "helpdesk.ticket"

    def _get_answer_templates(self):
        """The answer templates of the complaint's stage, in their order."""
        self.ensure_one()
        # The stage's configuration is read whatever the user may read of
        # mail templates: the composer then renders the chosen one.
        return self.sudo().stage_id.reclamation_answer_template_ids

    def action_reclamation_answer(self):
        """Open the mail composer on this complaint with the answer templates
        of its stage, the first one inserted: the handler adapts it, or picks
        another of the stage, before sending."""
        self.ensure_one()
        self.check_access("write")
        templates = self._get_answer_templates()
        if not templates:
            raise UserError(
                self.env._(
                    "The stage %(stage)s has no answer template: write the "
                    "answer with “Send message”, or ask a complaint manager to "
                    "add templates to the stage.",
                    stage=self.stage_id.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer with a template"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_message_type": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "default_template_id": templates[0].id,
                "default_reclamation_answer_template_ids": templates.ids,
                "default_reclamation_answer_template_id": templates[0].id,
            },
        }
