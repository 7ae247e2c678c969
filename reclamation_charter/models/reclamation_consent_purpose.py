# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ReclamationConsentPurpose(models.Model):
    """What a consent is asked for (charter article 3): sharing a complaint
    with a named third party, special-category data, the satisfaction
    follow-up, or another purpose the administrator adds."""

    _name = "reclamation.consent.purpose"
    _description = "Consent Purpose"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical name the product uses to find this purpose.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    requires_recipient = fields.Boolean(
        help="Consents for this purpose name the third party the data goes to; "
        "sharing a complaint requires such a consent or a legal-obligation "
        "exception.",
    )
    special_category = fields.Boolean(
        string="Special-category data",
        help="Consents for this purpose cover data revealing health, "
        "religion, political opinions or other special categories (GDPR "
        "article 9).",
    )

    _code_unique = models.Constraint(
        "UNIQUE(code)", "The technical name of a consent purpose is used once."
    )
