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
