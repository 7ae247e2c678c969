# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError


class ReclamationDataShare(models.Model):
    """Complaint data sent to a third party. Created only when an active
    consent of the person or a legal-obligation exception covers the
    recipient and the purpose; the check is here, in the model, so that no
    path (interface, RPC, code) avoids it."""

    _name = "reclamation.data.share"
    _inherit = ["reclamation.append.only.mixin"]
    _description = "Complaint Data Shared with a Third Party"
    _order = "date desc, id desc"
    _rec_name = "recipient_id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        required=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Person", store=True
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
    consent_id = fields.Many2one(
        comodel_name="reclamation.consent",
        readonly=True,
        ondelete="restrict",
    )
    exception_id = fields.Many2one(
        comodel_name="reclamation.sharing.exception",
        string="Legal-obligation exception",
        readonly=True,
        ondelete="restrict",
    )
    basis = fields.Selection(
        selection=[("consent", "Consent"), ("legal_obligation", "Legal obligation")],
        readonly=True,
    )
    shared_data = fields.Text(
        string="What was shared",
        readonly=True,
        help="The complaint data sent, as sent.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Attachments sent",
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Shared by",
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)

    @api.model
    def _get_sharing_basis(self, ticket, recipient, purpose):
        """(consent, exception) allowing ``ticket`` to be shared with
        ``recipient`` for ``purpose``; raises when none does."""
        if not recipient:
            raise UserError(self.env._("Choose who the complaint is shared with."))
        ticket._check_processing_allowed(self.env._("sharing with a third party"))
        # Read as the superuser: the handler sharing the complaint may not read
        # the ledger of another desk, but the answer only depends on the
        # complaint's own person, the recipient and the purpose.
        consent = (
            self.env["reclamation.consent"]
            .sudo()
            ._find_active(ticket.partner_id, purpose, recipient)
            if ticket.partner_id
            else self.env["reclamation.consent"]
        )
        if consent:
            return consent[:1], self.env["reclamation.sharing.exception"]
        exception = (
            self.env["reclamation.sharing.exception"]
            .sudo()
            .search(
                [
                    ("ticket_id", "=", ticket.id),
                    ("recipient_id", "=", recipient.id),
                    ("purpose_id", "=", purpose.id),
                ],
                limit=1,
            )
        )
        if exception:
            return self.env["reclamation.consent"], exception
        raise UserError(
            self.env._(
                "%(ticket)s cannot be shared with %(recipient)s: the person has "
                "no consent in force for this recipient and purpose, and the data "
                "protection officer has recorded no legal obligation to share.",
                ticket=ticket.display_name,
                recipient=recipient.display_name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        Ticket = self.env["helpdesk.ticket"]
        Partner = self.env["res.partner"]
        Purpose = self.env["reclamation.consent.purpose"]
        for vals in vals_list:
            ticket = Ticket.browse(vals.get("ticket_id"))
            if not ticket:
                raise UserError(self.env._("Choose the complaint to share."))
            ticket.check_access("read")
            consent, exception = self._get_sharing_basis(
                ticket,
                Partner.browse(vals.get("recipient_id")),
                Purpose.browse(vals.get("purpose_id")),
            )
            vals.update(
                consent_id=consent.id,
                exception_id=exception.id,
                basis="consent" if consent else "legal_obligation",
                user_id=self.env.user.id,
                date=fields.Datetime.now(),
            )
        shares = super().create(vals_list)
        for share in shares:
            self.env["reclamation.decision.log"]._log(
                "sharing",
                share.ticket_id,
                after=self.env._(
                    "Shared with %(recipient)s (%(purpose)s)",
                    recipient=share.recipient_id.display_name,
                    purpose=share.purpose_id.name,
                ),
                reason=share._get_basis_label(),
            )
        return shares

    def _get_basis_label(self):
        self.ensure_one()
        if self.consent_id:
            return self.env._(
                "Consent of %(date)s, text %(text)s (SHA-256 %(hash)s)",
                date=self.consent_id.given_date,
                text=self.consent_id.text_id.display_name,
                hash=self.consent_id.text_hash,
            )
        return self.env._(
            "Legal obligation recorded by %(user)s: %(basis)s",
            user=self.exception_id.user_id.name,
            basis=self.exception_id.legal_basis,
        )

    _ANONYMISABLE_FIELDS = frozenset({"shared_data", "attachment_ids"})

    def _get_append_only_error(self, operation, field_names=()):
        if operation == "unlink":
            return UserError(self.env._("The record of a sharing cannot be deleted."))
        return UserError(self.env._("What was shared is kept as it was shared."))

    def _send(self, message=None):
        """Queue the shared data to the recipient, from the complaint; the
        mail leaves with the mail queue, not inside the user's request."""
        for share in self.with_context(mail_notify_force_send=False):
            body = Markup("<p>%s</p><pre>%s</pre>") % (
                escape(message or ""),
                share.shared_data or "",
            )
            share.ticket_id.message_post(
                body=body,
                subject=self.env._(
                    "Complaint %(ref)s shared with you", ref=share.ticket_id.number
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=share.recipient_id.ids,
                attachment_ids=share.attachment_ids.ids,
                email_layout_xmlid="mail.mail_notification_light",
            )
