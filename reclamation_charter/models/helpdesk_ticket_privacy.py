# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Confidentiality, restriction of processing and rectification of
complaints (charter articles 3 and 9)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import email_normalize

CONFIDENTIAL_GROUPS = (
    "reclamation_charter.group_reclamation_manager,"
    "reclamation_charter.group_reclamation_dpo"
)


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Identity of the person, changed through the forms: a change is a
    # rectification, logged (values stay in the chatter, not in the log).
    _RECTIFIABLE_FIELDS = (
        "partner_id",
        "partner_name",
        "partner_email",
        "represented_party_name",
        "represented_partner_id",
        "complainant_details",
    )
    # Searched by person (requests, portal, anonymisation): indexed.
    partner_id = fields.Many2one(index="btree_not_null")
    commercial_partner_id = fields.Many2one(index="btree_not_null")
    partner_email = fields.Char(tracking=True)
    # The contact's name, as the form's onchange gives it, whatever created
    # the complaint (import, RPC, demo data): the lists show it.
    partner_name = fields.Char(
        tracking=True,
        compute="_compute_partner_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    email_normalized = fields.Char(
        string="Normalized email",
        compute="_compute_email_normalized",
        store=True,
        index="btree_not_null",
        help="The complainant's email address, normalized: data-subject "
        "requests and the privacy lookup find complaints by it, contact or not.",
    )
    # Never copied: a copy of a complaint does not carry its confidential
    # data (and a handler, who cannot read it, can still copy a complaint).
    special_category_details = fields.Text(
        string="Special-category data",
        groups=CONFIDENTIAL_GROUPS,
        copy=False,
        help="Health, religion, political opinions or other special-category "
        "data the complaint depends on. Readable only by complaint managers and "
        "the data protection officer.",
    )
    internal_assessment = fields.Text(
        groups=CONFIDENTIAL_GROUPS,
        copy=False,
        help="The association's own assessment of the complaint and of the "
        "people involved. Readable only by complaint managers and the data "
        "protection officer; never shown to the customer.",
    )
    consent_ids = fields.One2many(
        comodel_name="reclamation.consent",
        inverse_name="ticket_id",
        string="Consents",
    )
    consent_count = fields.Integer(compute="_compute_privacy_counts")
    share_ids = fields.One2many(
        comodel_name="reclamation.data.share",
        inverse_name="ticket_id",
        string="Shared with third parties",
    )
    share_count = fields.Integer(compute="_compute_privacy_counts")
    # Restriction of processing (GDPR article 18)
    processing_restricted = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Processing is frozen at the person's request: no email leaves "
        "the complaint and it is shared with nobody until the restriction is "
        "lifted.",
    )
    # Why the DPO restricted processing: the association's text, internal
    # users only (the customer knows what they asked for).
    restriction_reason = fields.Text(
        groups="base.group_user", readonly=True, copy=False
    )

    @api.depends("partner_id")
    def _compute_partner_name(self):
        for ticket in self:
            if ticket.partner_id:
                ticket.partner_name = ticket.partner_id.name
            elif not ticket.partner_name:
                ticket.partner_name = False

    @api.depends("partner_email", "partner_id.email")
    def _compute_email_normalized(self):
        for ticket in self:
            ticket.email_normalized = email_normalize(
                ticket.partner_email or ticket.partner_id.email or ""
            )

    def _compute_privacy_counts(self):
        consents = dict(
            self.env["reclamation.consent"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        shares = dict(
            self.env["reclamation.data.share"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.consent_count = consents.get(ticket, 0)
            ticket.share_count = shares.get(ticket, 0)

    # Rectification (GDPR article 16)

    def _get_rectification_snapshot(self, vals):
        """The identity fields ``vals`` changes, as they are before the
        change (anonymisation is no rectification: it writes as the
        superuser; a client passing the flag is still logged)."""
        if self.env.su and self.env.context.get("reclamation_anonymise"):
            return {}
        rectified = [name for name in self._RECTIFIABLE_FIELDS if name in vals]
        if not rectified:
            return {}
        return {t.id: {name: t[name] for name in rectified} for t in self}

    def _log_rectification(self, before):
        """Log which identity fields of a complaint changed, by whom and
        why; the values themselves stay in the chatter only, so that the
        log holds no personal data once the person is anonymised."""
        if not before:
            return
        changed = {}
        for ticket in self.filtered("is_complaint_desk"):
            names = [
                name
                for name, old in before.get(ticket.id, {}).items()
                if ticket[name] != old
            ]
            if names:
                changed[ticket] = ", ".join(
                    self._fields[name].get_description(self.env)["string"]
                    for name in names
                )
        if changed:
            self.env["reclamation.decision.log"]._log(
                "rectification",
                self.browse(t.id for t in changed),
                after=lambda t: changed[t],
                reason=self.env.context.get("reclamation_rectification_reason"),
            )

    # Restriction of processing

    def _check_processing_allowed(self, what):
        """Refuse ``what`` on complaints whose processing is restricted or
        whose person is anonymised."""
        for ticket in self:
            if ticket.processing_restricted:
                raise UserError(
                    self.env._(
                        "Processing of %(ticket)s is restricted at the person's "
                        "request: %(what)s is not allowed until the restriction "
                        "is lifted.",
                        ticket=ticket.display_name,
                        what=what,
                    )
                )
            if ticket.retention_phase == "anonymised":
                raise UserError(
                    self.env._(
                        "%(ticket)s is anonymised: %(what)s is not possible.",
                        ticket=ticket.display_name,
                        what=what,
                    )
                )

    def _check_privacy_officer(self):
        if not (
            self.env.su
            or self.env.user.has_group("reclamation_charter.group_reclamation_dpo")
            or self.env.user.has_group("reclamation_charter.group_reclamation_manager")
        ):
            raise AccessError(
                self.env._(
                    "Only complaint managers and the data protection officer "
                    "decide on restriction, legal holds and anonymisation."
                )
            )

    def _restrict_processing(self, reason):
        self._check_privacy_officer()
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the restriction."))
        self._write_managed(
            {"processing_restricted": True, "restriction_reason": reason}
        )
        self.env["reclamation.decision.log"]._log(
            "restriction",
            self,
            before="",
            after=self.env._("Restricted"),
            reason=reason,
        )

    def _lift_restriction(self, reason):
        self._check_privacy_officer()
        self.check_access("write")
        self._write_managed(
            {"processing_restricted": False, "restriction_reason": False}
        )
        self.env["reclamation.decision.log"]._log(
            "restriction",
            self,
            before=self.env._("Restricted"),
            after=self.env._("Lifted"),
            reason=reason,
        )
        self.filtered(lambda t: t.ack_state == "pending")._schedule_acknowledgements()

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """While processing is restricted, nothing leaves the complaint:
        only the association's own users are notified."""
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        if self and any(ticket.processing_restricted for ticket in self):
            recipients = [
                data for data in recipients if data.get("id") and not data.get("share")
            ]
        return recipients

    def action_open_privacy_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_privacy_decision_action"
        )
        action["context"] = {
            "default_ticket_ids": self.ids,
            "default_decision": self.env.context.get("privacy_decision"),
        }
        return action

    def action_open_share_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_share_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_consents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_consent_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_shares(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_data_share_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        return action

    # Data held about a person

    @api.model
    def _find_for_contact(self, partner):
        """Complaints of a contact and of its contacts."""
        if not partner:
            return self.browse()
        return self.with_context(active_test=False).search(
            Domain("is_complaint_desk", "=", True)
            & Domain("partner_id", "child_of", partner.ids)
        )

    @api.model
    def _find_by_email(self, email):
        """Complaints whose complainant's address is ``email``, whether or
        not they are linked to a contact. An address says nothing of who
        asks: anyone can give any address as theirs (on the portal, in a
        form), so these are candidates a person confirms, never the
        complaints of whoever asks."""
        normalized = email_normalize(email or "")
        if not normalized:
            return self.browse()
        return self.with_context(active_test=False).search(
            Domain("is_complaint_desk", "=", True)
            & Domain("email_normalized", "=", normalized)
        )
