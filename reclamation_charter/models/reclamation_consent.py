# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import email
import email.policy
import secrets

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import email_normalize

CONSENT_REVIEW_MONTHS = 12
CONSENT_METHODS = [
    ("portal", "Portal"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("paper", "Paper"),
]
# An email consent's evidence is the email itself, as received.
EMAIL_EVIDENCE_MIMETYPES = ("message/rfc822",)
WITHDRAWAL_CHANNELS = [
    ("backend", "Recorded by the association"),
    ("email", "Email link"),
    ("portal", "Portal"),
]


class ReclamationConsent(models.Model):
    """One consent, as given (charter article 3, GDPR article 7).

    A consent records what the person read (the text version and its
    fingerprint), how, when and to whom they agreed. Once given it is never
    rewritten: withdrawal and expiry change its state, and are logged; the
    anonymisation of the person blanks its personal fields. Nothing else
    changes and nothing is deleted.
    """

    _name = "reclamation.consent"
    _description = "Consent"
    _inherit = ["mail.thread", "reclamation.append.only.mixin"]
    _order = "given_date desc, id desc"
    _rec_name = "purpose_id"

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person",
        index=True,
        ondelete="restrict",
        help="Who consented. Emptied when the person is anonymised.",
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        index="btree_not_null",
        ondelete="restrict",
    )
    text_id = fields.Many2one(
        comodel_name="reclamation.consent.text",
        string="Text version",
        required=True,
        ondelete="restrict",
        help="The published text the person read.",
    )
    purpose_id = fields.Many2one(
        comodel_name="reclamation.consent.purpose",
        related="text_id.purpose_id",
        store=True,
        index=True,
    )
    text_hash = fields.Char(
        string="SHA-256 of the text",
        readonly=True,
        help="Fingerprint of the exact text the person read.",
    )
    lang = fields.Char(string="Language", readonly=True)
    recipient_id = fields.Many2one(
        comodel_name="res.partner",
        index="btree_not_null",
        ondelete="restrict",
        help="The third party the data may be shared with.",
    )
    data_categories = fields.Char(
        help="Which data the consent covers, e.g. identity, contract, complaint "
        "file, health information.",
    )
    special_category = fields.Boolean(
        string="Special-category data",
        help="The consent covers data revealing health, religion, political "
        "opinions or other special categories (GDPR article 9).",
    )
    method = fields.Selection(selection=CONSENT_METHODS, required=True)
    given_date = fields.Datetime(
        string="Given on",
        required=True,
        default=fields.Datetime.now,
        help="Kept in UTC; shown in your time zone.",
    )
    ip_address = fields.Char(string="IP address")
    user_agent = fields.Char()
    collected_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Collected by",
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    evidence_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Evidence",
        ondelete="restrict",
        # Every change of an attachment asks whether it is an evidence.
        index="btree_not_null",
        help="The signed form, the note of the phone call, or the person's "
        "email itself (.eml file) for a consent given by email.",
    )
    evidence_file = fields.Binary(
        string="Evidence file",
        compute="_compute_evidence_file",
        inverse="_inverse_evidence_file",
        help="Upload the signed form, the note of the call, or the person's "
        "email (.eml file) when recording the consent.",
    )
    evidence_filename = fields.Char(
        compute="_compute_evidence_file", inverse="_inverse_evidence_file"
    )
    state = fields.Selection(
        selection=[
            ("given", "Given"),
            ("withdrawn", "Withdrawn"),
            ("expired", "Expired"),
        ],
        default="given",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    withdrawal_date = fields.Datetime(
        string="Withdrawn on",
        readonly=True,
        help="Kept in UTC; shown in your time zone.",
    )
    withdrawal_channel = fields.Selection(
        selection=WITHDRAWAL_CHANNELS, string="Withdrawn through", readonly=True
    )
    review_date = fields.Date(
        string="Valid until",
        compute="_compute_review_date",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        help="The consent expires on this date and must be asked again "
        "(12 months by default).",
    )
    access_token = fields.Char(copy=False, readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    # Fields a transition may change, and those anonymisation empties.
    _TRANSITION_FIELDS = {"state", "withdrawal_date", "withdrawal_channel"}
    _ANONYMISABLE_FIELDS = frozenset(
        {
            "partner_id",
            "ip_address",
            "user_agent",
            "evidence_attachment_id",
            "access_token",
        }
    )

    @api.depends("purpose_id", "recipient_id")
    def _compute_display_name(self):
        for consent in self:
            parts = [consent.purpose_id.name or ""]
            if consent.recipient_id:
                parts.append(consent.recipient_id.name)
            consent.display_name = " – ".join(parts)

    @api.depends("evidence_attachment_id")
    def _compute_evidence_file(self):
        for consent in self:
            consent.evidence_file = consent.evidence_attachment_id.datas
            consent.evidence_filename = consent.evidence_attachment_id.name

    def _inverse_evidence_file(self):
        """The file is stored as the evidence attachment by ``create``; a
        consent is not changed afterwards."""

    @api.depends("given_date")
    def _compute_review_date(self):
        for consent in self:
            given = fields.Date.context_today(consent, consent.given_date)
            consent.review_date = given + relativedelta(months=CONSENT_REVIEW_MONTHS)

    @api.constrains("method", "evidence_attachment_id")
    def _check_evidence(self):
        for consent in self:
            if (
                consent.method in ("phone", "paper")
                # an anonymised consent has lost both
                and consent.partner_id
                and not consent.evidence_attachment_id
            ):
                raise ValidationError(
                    self.env._(
                        "A consent given by phone or on paper needs its evidence: "
                        "attach the signed form or the note of the call."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Text = self.env["reclamation.consent.text"]
        for vals in vals_list:
            text = Text.browse(vals.get("text_id"))
            if not text:
                raise UserError(
                    self.env._(
                        "A consent needs the version of the text the person read."
                    )
                )
            if text.state != "published":
                raise UserError(
                    self.env._(
                        "Consent can only be given to a published text, not to "
                        "“%(text)s”.",
                        text=text.display_name,
                    )
                )
            if not vals.get("partner_id"):
                raise UserError(self.env._("A consent needs the person who gave it."))
            if text.purpose_id.requires_recipient and not vals.get("recipient_id"):
                raise UserError(
                    self.env._(
                        "A consent to share data names the third party it is "
                        "shared with."
                    )
                )
            vals.update(
                text_hash=text.content_hash,
                lang=text.lang,
                special_category=vals.get("special_category")
                or text.purpose_id.special_category,
                state="given",
                access_token=secrets.token_urlsafe(32),
            )
            for name in ("withdrawal_date", "withdrawal_channel"):
                vals.pop(name, None)
            if vals.get("method") == "portal":
                self._check_portal_consent(vals)
            evidence = vals.pop("evidence_file", None)
            filename = vals.pop("evidence_filename", None)
            if vals.get("evidence_attachment_id"):
                self._check_evidence_upload(
                    self.env["ir.attachment"].browse(vals["evidence_attachment_id"])
                )
            elif evidence:
                vals["evidence_attachment_id"] = (
                    self.env["ir.attachment"]
                    .create(
                        {
                            "name": filename or self.env._("Consent evidence"),
                            "datas": evidence,
                            "res_model": self._name,
                        }
                    )
                    .id
                )
            if vals.get("method") == "email":
                self._check_email_evidence(
                    self.env["ir.attachment"].browse(
                        vals.get("evidence_attachment_id")
                    ),
                    self.env["res.partner"].browse(vals["partner_id"]),
                )
        consents = super().create(vals_list)
        for consent in consents.filtered("evidence_attachment_id"):
            # The evidence follows the consent (who reads it, reads the
            # file), whoever uploaded it; the user read it just above.
            attachment = consent.evidence_attachment_id.sudo()
            if attachment.res_id:
                # Linked already to another consent of the same batch.
                raise self._get_evidence_upload_error()
            attachment.with_context(reclamation_evidence_link=True).write(
                {"res_model": self._name, "res_id": consent.id}
            )
        consents._send_receipt()
        methods = dict(self._fields["method"]._description_selection(self.env))
        for consent in consents.filtered("ticket_id"):
            consent.ticket_id.message_post(
                body=self.env._(
                    "Consent given for %(purpose)s (%(method)s).",
                    purpose=consent.display_name,
                    method=methods[consent.method],
                ),
                subtype_xmlid="mail.mt_note",
            )
        return consents

    @api.model
    def _check_portal_consent(self, vals):
        """A consent "on the portal" is recorded by the portal only: by the
        person themselves, logged in, or by ``_record_portal_consent``; with
        the IP address and browser it was given from. Staff record what they
        were told by phone, on paper or by email, with its evidence."""
        user = self.env.user
        by_portal = self.env.su and self.env.context.get("reclamation_portal_consent")
        by_person = (
            user.share
            and not user._is_public()
            and vals.get("partner_id") == user.partner_id.id
        )
        if not (by_portal or by_person):
            raise AccessError(
                self.env._(
                    "A consent given on the portal is recorded by the portal "
                    "itself, when the person ticks it. Record a consent you "
                    "received by phone or on paper with its evidence, or by "
                    "email with the email itself."
                )
            )
        if not (vals.get("ip_address") and vals.get("user_agent")):
            raise UserError(
                self.env._(
                    "A consent given on the portal keeps the IP address and the "
                    "browser it was given from."
                )
            )

    @api.model
    def _check_evidence_upload(self, attachment):
        """The evidence given for a new consent is a file the user can read,
        uploaded for it: not a file of a complaint or of another record, nor
        another consent's evidence, which would become undeletable, block
        their anonymisation and be deleted with this consent. The refusal
        names no file: the user may not be able to read it."""
        attachment = attachment.exists()
        # Read after the access check; whether a consent already keeps the
        # file as evidence is all that is searched.
        attachment_sudo = attachment.sudo()
        uploaded = (
            attachment
            and attachment.has_access("read")
            and attachment_sudo.res_model in (False, self._name)
            and not attachment_sudo.res_id
            and not attachment_sudo.res_field
            and not self.sudo().search_count(
                [("evidence_attachment_id", "=", attachment.id)], limit=1
            )
        )
        if not uploaded:
            raise self._get_evidence_upload_error()

    @api.model
    def _get_evidence_upload_error(self):
        return ValidationError(
            self.env._(
                "The evidence of a consent is a file uploaded for it: upload "
                "the signed form, the note of the call or the person's email "
                "(.eml file) with the consent."
            )
        )

    @api.model
    def _check_email_evidence(self, attachment, partner):
        """The evidence of a consent given by email is that email, as an
        .eml file (the full message with its headers: From, Date,
        Message-ID and the sending server's signatures, which a screenshot or
        a copied text lack), sent from the person's own address. An email the
        user may not read is no evidence of theirs, and is not read."""
        raw = b""
        if (
            attachment
            and attachment.has_access("read")
            and (
                attachment.mimetype in EMAIL_EVIDENCE_MIMETYPES
                or (attachment.name or "").lower().endswith(".eml")
            )
        ):
            raw = attachment.raw or b""
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        if not (raw and message["From"] and message["Date"]):
            raise ValidationError(
                self.env._(
                    "A consent given by email needs that email as evidence: "
                    "attach the email itself (.eml file, as saved from the "
                    "mailbox), not a copy of its text."
                )
            )
        sender = email_normalize(str(message["From"]))
        if not sender or sender != email_normalize(partner.email or ""):
            raise ValidationError(
                self.env._(
                    "The email attached was sent by %(sender)s, not by "
                    "%(person)s (%(email)s): only the person's own email "
                    "proves their consent.",
                    sender=sender or self.env._("an unknown address"),
                    person=partner.display_name,
                    email=partner.email or self.env._("no email address"),
                )
            )

    @api.model
    def _record_portal_consent(
        self, partner, text, ticket, ip_address, user_agent, recipient=None
    ):
        """Record the consent ``partner`` gives on the portal to ``text``,
        from ``ip_address`` with ``user_agent``: called by the portal, as the
        person (or as the superuser on their behalf). The consent keeps the
        text's fingerprint."""
        user = self.env.user
        if not self.env.su:
            if not (user.share and user.partner_id == partner):
                raise AccessError(
                    self.env._("Only the person can give their consent on the portal.")
                )
            if ticket:
                ticket.check_access("read")
        # The caller is the person (or the portal code as the superuser),
        # checked above: the ledger has no create access for portal users.
        consent = (
            self.sudo()
            .with_context(reclamation_portal_consent=True)
            .create(
                {
                    "partner_id": partner.id,
                    "text_id": text.id,
                    "ticket_id": ticket.id if ticket else False,
                    "recipient_id": recipient.id if recipient else False,
                    "method": "portal",
                    "ip_address": ip_address,
                    "user_agent": user_agent,
                    "collected_by_id": user.id,
                }
            )
        )
        return self.browse(consent.id)

    def _send_receipt(self):
        """Queue to each person what they agreed to and the link to withdraw
        it; nothing leaves for a complaint whose processing is restricted."""
        template = self.env.ref(
            "reclamation_charter.mail_template_consent_receipt",
            raise_if_not_found=False,
        )
        consents = self.filtered(
            lambda c: c.partner_id.email and not c.ticket_id.processing_restricted
        )
        if not template or not consents:
            return
        subjects = template._render_field("subject", consents.ids, compute_lang=True)
        bodies = template._render_field(
            "body_html",
            consents.ids,
            compute_lang=True,
            options={"post_process": True},
        )
        for consent in consents:
            consent.with_context(mail_notify_force_send=False).message_post(
                subject=subjects[consent.id],
                body=bodies[consent.id],
                message_type="auto_comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=consent.partner_id.ids,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _get_append_only_writable_fields(self):
        if self.env.su and self.env.context.get("reclamation_consent_transition"):
            return self._TRANSITION_FIELDS
        return super()._get_append_only_writable_fields()

    def _get_append_only_error(self, operation, field_names=()):
        if operation == "unlink":
            return UserError(
                self.env._(
                    "Consents are kept as proof, even withdrawn ones: they cannot "
                    "be deleted."
                )
            )
        return UserError(
            self.env._(
                "A consent is never rewritten once given: withdraw it, or "
                "record a new one (%(fields)s).",
                fields=", ".join(sorted(field_names)),
            )
        )

    @api.model
    def _find_active(self, partner, purpose, recipient):
        """The consents of ``partner`` for ``purpose`` and ``recipient`` in
        force today: given, not withdrawn, not past their review date (even
        if the expiry job has not run yet)."""
        return self.search(
            [
                ("state", "=", "given"),
                ("review_date", ">=", fields.Date.context_today(self)),
                ("partner_id", "=", partner.id),
                ("purpose_id", "=", purpose.id),
                ("recipient_id", "=", recipient.id),
            ]
        )

    def action_withdraw(self):
        return self._withdraw("backend")

    def _withdraw(self, channel):
        """Withdraw these consents, effective at once; refused for one
        already withdrawn or expired."""
        not_given = self.filtered(lambda c: c.state != "given")
        if not_given:
            raise UserError(
                self.env._(
                    "This consent is already %(state)s: it cannot be withdrawn.",
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        not_given[0].state
                    ].lower(),
                )
            )
        # Whoever may read a consent may withdraw it (the person, or staff
        # recording a withdrawal): it only ever stops a processing.
        self.check_access("read")
        # Checked just above: the withdrawal and its notes are written as the
        # superuser, in the user's name (a customer may neither write on the
        # ledger nor post on it, nor read the third party it names).
        consents = self.sudo()
        now = fields.Datetime.now()
        consents.with_context(reclamation_consent_transition=True).write(
            {
                "state": "withdrawn",
                "withdrawal_date": now,
                "withdrawal_channel": channel,
            }
        )
        label = dict(
            self._fields["withdrawal_channel"]._description_selection(self.env)
        )[channel]
        for consent in consents:
            consent.message_post(
                body=self.env._("Consent withdrawn (%(channel)s).", channel=label),
                subtype_xmlid="mail.mt_note",
            )
            if consent.ticket_id:
                consent.ticket_id.message_post(
                    body=self.env._(
                        "Consent for %(purpose)s withdrawn (%(channel)s).",
                        purpose=consent.display_name,
                        channel=label,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def _get_withdrawal_url(self):
        """Link the person follows from an email to withdraw this consent."""
        self.ensure_one()
        token = self.sudo().access_token
        base = self.get_base_url()
        return f"{base}/reclamation/consent/{self.id}/withdraw?token={token}"

    @api.model
    def _cron_expire_consents(self, batch_size=1000):
        domain = Domain("state", "=", "given") & Domain(
            "review_date", "<", fields.Date.context_today(self)
        )
        while True:
            consents = self.search(domain, limit=batch_size, order="id")
            if not consents:
                break
            consents.with_context(reclamation_consent_transition=True).write(
                {"state": "expired"}
            )
            consents._message_log_batch(
                bodies=dict.fromkeys(
                    consents.ids,
                    self.env._("Consent expired: its review date has passed."),
                )
            )
            if not self.env["ir.cron"]._commit_progress(len(consents)):
                break
