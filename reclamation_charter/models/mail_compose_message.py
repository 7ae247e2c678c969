# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from lxml import html as lxml_html

from odoo import api, fields, models
from odoo.exceptions import UserError

# A blank an answer template leaves for the handler: "[the document]",
# "[qui]". The words between the brackets say what to write there.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")


def _text(body):
    """The words of an HTML body, as its reader reads them (no markup, no
    attribute: a template's expressions are not text)."""
    if not body or not str(body).strip():
        return ""
    return " ".join(lxml_html.fromstring(str(body)).text_content().split())


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    reclamation_answer_template_ids = fields.Many2many(
        comodel_name="mail.template",
        relation="mail_compose_message_reclamation_answer_template_rel",
        column1="wizard_id",
        column2="template_id",
        string="Answer templates of the stage",
    )
    reclamation_answer_template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Answer template",
        domain="[('id', 'in', reclamation_answer_template_ids)]",
        help="The canned answers of the complaint's stage: choosing one "
        "replaces the text below, which you then adapt.",
    )

    @api.onchange("reclamation_answer_template_id")
    def _onchange_reclamation_answer_template_id(self):
        for composer in self:
            if composer.reclamation_answer_template_id:
                composer.template_id = composer.reclamation_answer_template_id

    def _get_reclamation_unfilled_placeholders(self):
        """The blanks of the composer's template still in the text to send:
        the bracketed words of the template that the handler did not
        replace."""
        self.ensure_one()
        if (
            self.model != "helpdesk.ticket"
            or not self.template_id
            or self.composition_mode == "mass_mail"
        ):
            return []
        template_text = _text(self.template_id.sudo().body_html)
        body_text = _text(self.body)
        return list(
            dict.fromkeys(
                placeholder
                for placeholder in PLACEHOLDER.findall(template_text)
                if placeholder in body_text
            )
        )

    def _check_reclamation_placeholders(self):
        """An answer does not leave with a blank of its template in it: the
        customer would read "[the document]" where the handler was to name
        it (charter articles 1 and 2)."""
        for composer in self:
            unfilled = composer._get_reclamation_unfilled_placeholders()
            if unfilled:
                raise UserError(
                    self.env._(
                        "Replace %(placeholders)s with what the customer should "
                        "read before sending: the template left it for you to "
                        "write.",
                        placeholders=", ".join(unfilled),
                    )
                )

    def _action_send_mail(self, auto_commit=False):
        self._check_reclamation_placeholders()
        return super()._action_send_mail(auto_commit=auto_commit)

    def _action_schedule_message(self):
        self._check_reclamation_placeholders()
        return super()._action_schedule_message()
