# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketChannel(models.Model):
    _inherit = "helpdesk.ticket.channel"

    requires_written_recap = fields.Boolean(
        string="Send a written recap",
        help="Complaints taken on this channel (phone, in person) are not in "
        "the customer's own words: the acknowledgement sent to them is a written "
        "recap of the complaint as it was recorded.",
    )
