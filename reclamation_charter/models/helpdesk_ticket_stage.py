# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    customer_explanation = fields.Text(
        translate=True,
        help="Plain-language explanation of this step for the customer: what "
        "happens now and who owes the next move. Shown on the portal and in the "
        "acknowledgement of receipt.",
    )
    reclamation_answer_template_ids = fields.Many2many(
        comodel_name="mail.template",
        relation="helpdesk_ticket_stage_reclamation_answer_template_rel",
        column1="stage_id",
        column2="template_id",
        string="Answer templates",
        domain=[("model", "=", "helpdesk.ticket")],
        help="Canned answers for complaints in this stage: handlers pick one "
        "in the composer (“Answer with a template” on the complaint) and adapt "
        "it before sending.",
    )
