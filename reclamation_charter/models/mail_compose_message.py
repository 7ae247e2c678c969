# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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
