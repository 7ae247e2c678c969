# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class ReclamationSharingException(models.Model):
    """A legal-obligation exception recorded by the data protection officer:
    the complaint may be shared with this recipient without consent, on the
    legal basis stated (charter article 3, GDPR article 6(1)(c))."""

    _name = "reclamation.sharing.exception"
    _inherit = ["reclamation.append.only.mixin"]
    _description = "Sharing Exception (Legal Obligation)"
    _order = "date desc, id desc"
    _rec_name = "legal_basis"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="restrict",
    )
    purpose_id = fields.Many2one(
        comodel_name="reclamation.consent.purpose",
        required=True,
        ondelete="restrict",
    )
    legal_basis = fields.Text(
        required=True,
        help="The law or decision that obliges the association to share, e.g. "
        "a supervisory authority's request under a given article.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not (
            self.env.su
            or self.env.user.has_group("reclamation_charter.group_reclamation_dpo")
        ):
            raise AccessError(
                self.env._(
                    "Only the data protection officer records a legal-obligation "
                    "exception."
                )
            )
        for vals in vals_list:
            if not (vals.get("legal_basis") or "").strip():
                raise UserError(self.env._("State the legal basis of the exception."))
            vals["user_id"] = self.env.user.id
        exceptions = super().create(vals_list)
        for exception in exceptions:
            self.env["reclamation.decision.log"]._log(
                "consent_exception",
                exception.ticket_id,
                after=self.env._(
                    "May be shared with %(recipient)s without consent (%(purpose)s)",
                    recipient=exception.recipient_id.display_name,
                    purpose=exception.purpose_id.name,
                ),
                reason=exception.legal_basis,
            )
        return exceptions

    # The legal basis is typed by the DPO and may tell about the person (as
    # the decision log's reasons): anonymisation replaces it by a marker.
    _ANONYMISABLE_FIELDS = frozenset({"legal_basis"})

    def _get_append_only_error(self, operation, field_names=()):
        if operation == "unlink":
            return UserError(self.env._("A recorded exception cannot be deleted."))
        return UserError(
            self.env._("A recorded exception is kept as it is: record a new one.")
        )
