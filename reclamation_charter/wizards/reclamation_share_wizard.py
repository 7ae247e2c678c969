# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class ReclamationShareWizard(models.TransientModel):
    """Send chosen data of a complaint to a third party. The server refuses
    it unless a consent or a legal-obligation exception covers it (see
    ``reclamation.data.share``)."""

    _name = "reclamation.share.wizard"
    _description = "Share a Complaint with a Third Party"
    _inherit = ["reclamation.wizard.access.mixin"]

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        help="The third party the data is sent to; it needs an email address.",
    )
    purpose_id = fields.Many2one(
        comodel_name="reclamation.consent.purpose",
        required=True,
        domain=[("requires_recipient", "=", True)],
        default=lambda self: self.env.ref(
            "reclamation_charter.consent_purpose_sharing", raise_if_not_found=False
        ),
    )
    include_contact = fields.Boolean(string="Name and email of the person")
    include_description = fields.Boolean(string="Description", default=True)
    include_remedy = fields.Boolean(string="Remedy sought")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Attachments",
        domain="[('res_model', '=', 'helpdesk.ticket'), ('res_id', '=', ticket_id)]",
    )
    message = fields.Text(help="A few words to the recipient.")
    basis_explanation = fields.Char(
        string="Basis", compute="_compute_basis_explanation"
    )

    @api.depends("ticket_id", "recipient_id", "purpose_id")
    def _compute_basis_explanation(self):
        Share = self.env["reclamation.data.share"]
        for wizard in self:
            if not (wizard.recipient_id and wizard.purpose_id):
                wizard.basis_explanation = False
                continue
            try:
                consent, exception = Share._get_sharing_basis(
                    wizard.ticket_id, wizard.recipient_id, wizard.purpose_id
                )
            except UserError as error:
                wizard.basis_explanation = str(error)
                continue
            wizard.basis_explanation = (
                self.env._("Consent in force until %(date)s", date=consent.review_date)
                if consent
                else self.env._(
                    "Legal obligation: %(basis)s", basis=exception.legal_basis
                )
            )

    def _get_shared_data(self):
        self.ensure_one()
        ticket = self.ticket_id
        lines = [
            self.env._(
                "Complaint %(ref)s: %(subject)s", ref=ticket.number, subject=ticket.name
            ),
            self.env._("Received on %(date)s", date=ticket.received_date),
        ]
        if self.include_contact:
            lines.append(
                self.env._(
                    "Person: %(name)s <%(email)s>",
                    name=ticket.partner_name or ticket.partner_id.name or "",
                    email=ticket.partner_email or ticket.partner_id.email or "",
                )
            )
        if self.include_description:
            lines += ["", html2plaintext(ticket.description or "")]
        if self.include_remedy and ticket.remedy_sought:
            lines += ["", self.env._("Remedy sought:"), ticket.remedy_sought]
        return "\n".join(lines)

    def action_share(self):
        self.ensure_one()
        if not self.recipient_id:
            raise UserError(self.env._("Choose who the complaint is shared with."))
        if not self.recipient_id.email:
            raise UserError(
                self.env._(
                    "%(recipient)s has no email address: the data cannot be sent.",
                    recipient=self.recipient_id.display_name,
                )
            )
        share = self.env["reclamation.data.share"].create(
            {
                "ticket_id": self.ticket_id.id,
                "recipient_id": self.recipient_id.id,
                "purpose_id": self.purpose_id.id,
                "shared_data": self._get_shared_data(),
                "attachment_ids": [(6, 0, self.attachment_ids.ids)],
            }
        )
        share._send(self.message)
        return {"type": "ir.actions.act_window_close"}
