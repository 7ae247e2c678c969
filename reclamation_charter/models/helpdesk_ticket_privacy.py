# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Confidentiality, data-subject rights and retention of complaints
(charter articles 3, 8 and 9)."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import email_normalize

RETENTION_BATCH_SIZE = 500
CONFIDENTIAL_GROUPS = (
    "reclamation_charter.group_reclamation_manager,"
    "reclamation_charter.group_reclamation_dpo"
)
RETENTION_PHASES = [
    ("active", "Active"),
    ("archived", "Archived"),
    ("anonymised", "Anonymised"),
]


# The complaint's data-protection side lives apart from its handling side
# (helpdesk_ticket.py) so that each stays readable.
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
        "complainant_details",
    )
    # What anonymisation empties; the rest (category, dates, complexity,
    # outcome, deadlines, scores) stays for statistics.
    _ANONYMISED_FIELDS = (
        "partner_name",
        "partner_email",
        "represented_party_name",
        "complainant_details",
        "remedy_sought",
        "special_category_details",
        "internal_assessment",
        "resolution_extension_reason",
        "restriction_reason",
        "legal_hold_reason",
        "properties",
    )

    # Searched by person (requests, portal, anonymisation): indexed.
    partner_id = fields.Many2one(index="btree_not_null")
    commercial_partner_id = fields.Many2one(index="btree_not_null")
    partner_email = fields.Char(tracking=True)
    partner_name = fields.Char(tracking=True)
    email_normalized = fields.Char(
        string="Normalized email",
        compute="_compute_email_normalized",
        store=True,
        index="btree_not_null",
        help="The complainant's email address, normalized: data-subject "
        "requests and the privacy lookup find complaints by it, contact or not.",
    )
    special_category_details = fields.Text(
        string="Special-category data",
        groups=CONFIDENTIAL_GROUPS,
        help="Health, religion, political opinions or other special-category "
        "data the complaint depends on. Readable only by complaint managers and "
        "the data protection officer.",
    )
    internal_assessment = fields.Text(
        groups=CONFIDENTIAL_GROUPS,
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
    restriction_reason = fields.Text(readonly=True, copy=False)
    # Retention (charter article 8)
    # Not required: a NOT NULL column would break every ticket inserted while
    # helpdesk_mgmt is loaded without this addon (its at-install tests, an
    # update of it). An empty phase is "active".
    retention_phase = fields.Selection(
        selection=RETENTION_PHASES,
        default="active",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    retention_archive_date = fields.Datetime(
        string="Archived from",
        compute="_compute_retention_dates",
        store=True,
        index="btree_not_null",
        help="Closure plus the company's active retention period.",
    )
    retention_anonymise_date = fields.Datetime(
        string="Anonymised from",
        compute="_compute_retention_dates",
        store=True,
        index="btree_not_null",
        help="Closure plus the company's total retention period.",
    )
    anonymised_date = fields.Datetime(readonly=True, copy=False)
    legal_hold = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="A dispute, an inquiry or a court case requires keeping the "
        "complaint: the retention clock stops and it cannot be anonymised.",
    )
    legal_hold_reason = fields.Text(readonly=True, copy=False)
    legal_hold_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Legal hold by",
        readonly=True,
        copy=False,
    )
    legal_hold_date = fields.Datetime(readonly=True, copy=False)

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

    @api.depends(
        "closed_date",
        "is_complaint_desk",
        "company_id.reclamation_retention_active_months",
        "company_id.reclamation_retention_total_months",
    )
    def _compute_retention_dates(self):
        for ticket in self:
            company = ticket.company_id or self.env.company
            if not (ticket.is_complaint_desk and ticket.closed_date):
                ticket.retention_archive_date = False
                ticket.retention_anonymise_date = False
                continue
            ticket.retention_archive_date = ticket.closed_date + relativedelta(
                months=company.reclamation_retention_active_months
            )
            ticket.retention_anonymise_date = ticket.closed_date + relativedelta(
                months=company.reclamation_retention_total_months
            )

    # Rectification (GDPR article 16)

    def write(self, vals):
        rectified = (
            [name for name in self._RECTIFIABLE_FIELDS if name in vals]
            if not self.env.context.get("reclamation_anonymise")
            else []
        )
        before = (
            {t.id: {name: t[name] for name in rectified} for t in self}
            if rectified
            else {}
        )
        res = super().write(vals)
        if rectified:
            self._log_rectification(before)
        return res

    def _log_rectification(self, before):
        """Log which identity fields of a complaint changed, by whom and
        why; the values themselves stay in the chatter only, so that the
        log holds no personal data once the person is anonymised."""
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
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the restriction."))
        self.write({"processing_restricted": True, "restriction_reason": reason})
        self.env["reclamation.decision.log"]._log(
            "restriction",
            self,
            before="",
            after=self.env._("Restricted"),
            reason=reason,
        )

    def _lift_restriction(self, reason):
        self._check_privacy_officer()
        self.write({"processing_restricted": False, "restriction_reason": False})
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

    # Legal hold

    def _set_legal_hold(self, reason):
        self._check_privacy_officer()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the legal hold."))
        self.write(
            {
                "legal_hold": True,
                "legal_hold_reason": reason,
                "legal_hold_user_id": self.env.user.id,
                "legal_hold_date": fields.Datetime.now(),
            }
        )
        self.env["reclamation.decision.log"]._log(
            "legal_hold", self, before="", after=self.env._("On hold"), reason=reason
        )

    def _release_legal_hold(self, reason):
        self._check_privacy_officer()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for releasing the hold."))
        self.write(
            {
                "legal_hold": False,
                "legal_hold_reason": False,
                "legal_hold_user_id": False,
                "legal_hold_date": False,
            }
        )
        self.env["reclamation.decision.log"]._log(
            "legal_hold",
            self,
            before=self.env._("On hold"),
            after=self.env._("Released"),
            reason=reason,
        )

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

    # Anonymisation (right to erasure, end of retention)

    def _check_can_anonymise(self):
        for ticket in self:
            if ticket.legal_hold:
                raise UserError(
                    self.env._(
                        "%(ticket)s is under a legal hold (%(reason)s): it cannot "
                        "be anonymised until the hold is released.",
                        ticket=ticket.display_name,
                        reason=ticket.legal_hold_reason,
                    )
                )
            if not ticket.closed:
                raise UserError(
                    self.env._(
                        "%(ticket)s is still open: close it before anonymising "
                        "it; the association must be able to answer it.",
                        ticket=ticket.display_name,
                    )
                )

    def _anonymise(self, reason):
        """Irreversibly remove the person from these complaints.

        Removed: the person's name, email, free-text description and remedy,
        all messages with their tracking values and notifications, the
        attachments, the activities and followers, the personal fields of
        the consents, what was shared, the data exports, mail still queued
        for them. Kept for statistics: category, dates, complexity, stage,
        deadlines and their outcome, satisfaction scores. The contact itself
        is anonymised when nothing else in the database refers to it; the
        link is cut otherwise.
        """
        self._check_privacy_officer()
        tickets = self.with_context(active_test=False).filtered(
            lambda t: t.retention_phase != "anonymised"
        )
        tickets._check_can_anonymise()
        if not tickets:
            return self
        # The rights were checked above; what is removed belongs to other
        # models (messages, attachments, consents) the caller may not write.
        tickets = tickets.sudo().with_context(
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            reclamation_anonymise=True,
        )
        env = tickets.env
        partners = tickets.partner_id
        emails = {
            email
            for email in tickets.mapped("email_normalized")
            + [email_normalize(e) for e in partners.mapped("email") if e]
            if email
        }
        consents = env["reclamation.consent"].search([("ticket_id", "in", tickets.ids)])
        shares = env["reclamation.data.share"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        requests = env["reclamation.data.request"].search(
            Domain("partner_id", "in", partners.ids)
            | Domain("email_normalized", "in", list(emails))
        )
        threads = [
            ("helpdesk.ticket", tickets.ids),
            ("reclamation.consent", consents.ids),
            ("reclamation.data.request", requests.ids),
        ]
        env["reclamation.privacy"]._remove_thread_data(threads)
        if "rating.rating" in env:
            env["rating.rating"].search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)]
            ).write({"feedback": False, "partner_id": False})
        attachments = (
            consents.evidence_attachment_id
            | shares.attachment_ids
            | requests.export_attachment_id
        )
        consents.write(
            dict.fromkeys(env["reclamation.consent"]._PERSONAL_FIELDS, False)
        )
        shares.write(
            {"shared_data": env._("(anonymised)"), "attachment_ids": [(5, 0, 0)]}
        )
        requests.write({"email": False, "export_attachment_id": False})
        attachments.unlink()
        tickets._remove_queued_mail(partners, emails)
        values = dict.fromkeys(tickets._ANONYMISED_FIELDS, False)
        values.update(
            name=env._("Anonymised complaint"),
            description=env._("<p>Anonymised</p>"),
            access_token=False,
            retention_phase="anonymised",
            anonymised_date=fields.Datetime.now(),
        )
        tickets.write(values)
        used = partners._reclamation_find_used(tickets, consents, requests)
        # Contacts still used elsewhere keep their data; the complaints and
        # the requests stop pointing to them (consents already did, with
        # their other personal fields).
        if used:
            tickets.filtered(lambda t: t.partner_id in used).write(
                {"partner_id": False}
            )
            requests.filtered(lambda r: r.partner_id in used).write(
                {"partner_id": False}
            )
        (partners - used)._reclamation_anonymise()
        self.env["reclamation.decision.log"]._log(
            "anonymisation",
            tickets,
            before="",
            after=env._("Anonymised"),
            reason=reason,
        )
        return tickets

    def _remove_queued_mail(self, partners, emails):
        """Mail not yet sent to the person, from any document."""
        domain = Domain("state", "in", ["outgoing", "exception"]) & (
            Domain("recipient_ids", "in", partners.ids)
            | Domain.OR(Domain("email_to", "ilike", email) for email in emails)
        )
        self.env["mail.mail"].search(domain).unlink()

    # Retention

    def _get_retention_domains(self, now):
        base = (
            Domain("is_complaint_desk", "=", True)
            & Domain("legal_hold", "=", False)
            & Domain("closed", "=", True)
        )
        to_archive = (
            base
            & Domain("retention_phase", "in", [False, "active"])
            & Domain("retention_archive_date", "<=", now)
            & Domain("retention_anonymise_date", ">", now)
        )
        to_anonymise = (
            base
            & Domain("retention_phase", "!=", "anonymised")
            & Domain("retention_anonymise_date", "<=", now)
        )
        return to_archive, to_anonymise

    @api.model
    def _cron_apply_retention(self, batch_size=RETENTION_BATCH_SIZE):
        """Archive complaints closed for longer than the active period and
        anonymise those past the total one, in batches committed one by one:
        a crash loses at most the batch under way, which the next run takes
        again."""
        Ticket = self.with_context(active_test=False)
        now = fields.Datetime.now()
        to_archive, to_anonymise = self._get_retention_domains(now)
        remaining = Ticket.search_count(to_archive) + Ticket.search_count(to_anonymise)
        for domain, step in (
            (to_archive, "_archive_for_retention"),
            (to_anonymise, "_anonymise_for_retention"),
        ):
            while True:
                tickets = Ticket.search(domain, limit=batch_size, order="id")
                if not tickets:
                    break
                getattr(tickets, step)()
                remaining = max(remaining - len(tickets), 0)
                if not self.env["ir.cron"]._commit_progress(
                    len(tickets), remaining=remaining
                ):
                    return
        self.env["ir.attachment"]._gc_file_store()

    def _archive_for_retention(self):
        self.with_context(tracking_disable=True).write({"retention_phase": "archived"})
        self.env["reclamation.decision.log"]._log(
            "retention",
            self,
            before=self.env._("Active"),
            after=self.env._("Archived"),
            reason=self.env._(
                "Closed for longer than the active retention period; readable by "
                "complaint managers and the data protection officer only."
            ),
        )

    def _anonymise_for_retention(self):
        self._anonymise(self.env._("End of the retention period"))

    # Data held about a person

    @api.model
    def _find_for_person(self, partner=None, email=None):
        """Complaints of a contact (and its contacts) or of an email address,
        whether or not they are linked to a contact."""
        domains = []
        if partner:
            domains.append(Domain("partner_id", "child_of", partner.ids))
            email = email or partner.email
        normalized = email_normalize(email or "")
        if normalized:
            domains.append(Domain("email_normalized", "=", normalized))
        if not domains:
            return self.browse()
        return self.with_context(active_test=False).search(
            Domain("is_complaint_desk", "=", True) & Domain.OR(domains)
        )
