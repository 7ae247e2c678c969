# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retention, legal hold and anonymisation of complaints (charter
articles 3 and 8, GDPR article 17)."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ConcurrencyError, UserError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools.mail import email_normalize, email_split_tuples, formataddr

_logger = logging.getLogger(__name__)

RETENTION_BATCH_SIZE = 500
RETENTION_PHASES = [
    ("active", "Active"),
    ("archived", "Archived"),
    ("anonymised", "Anonymised"),
]


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # What anonymisation empties; the rest (category, dates, complexity,
    # outcome, deadlines, scores) stays for statistics.
    _ANONYMISED_FIELDS = (
        "partner_name",
        "partner_email",
        "represented_party_name",
        "represented_partner_id",
        "complainant_details",
        "remedy_sought",
        "special_category_details",
        "internal_assessment",
        "resolution_extension_reason",
        "restriction_reason",
        "legal_hold_reason",
        "properties",
        "appeal_reason",
    )

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
    # The legal hold, its reason and who decided it are the association's
    # (a customer under inquiry is not told): internal users only.
    legal_hold = fields.Boolean(
        groups="base.group_user",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="A dispute, an inquiry or a court case requires keeping the "
        "complaint: the retention clock stops and it cannot be anonymised.",
    )
    legal_hold_reason = fields.Text(groups="base.group_user", readonly=True, copy=False)
    legal_hold_user_id = fields.Many2one(
        comodel_name="res.users",
        groups="base.group_user",
        string="Legal hold by",
        readonly=True,
        copy=False,
    )
    legal_hold_date = fields.Datetime(
        groups="base.group_user", readonly=True, copy=False
    )

    @api.depends("retention_phase")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """An anonymised complaint is named in the reader's language,
        whatever the stored title."""
        res = super()._compute_display_name()
        anonymised = self.filtered(lambda t: t.retention_phase == "anonymised")
        if anonymised:
            # As helpdesk_mgmt names a complaint: its number, then its title.
            title = self.env._("Anonymised complaint")
            for ticket in anonymised:
                ticket.display_name = f"{ticket.number} - {title}"
        return res

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

    # Legal hold

    def _set_legal_hold(self, reason):
        self._check_privacy_officer()
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the legal hold."))
        self._write_managed(
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
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for releasing the hold."))
        self._write_managed(
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

    # Nobody deletes a complaint

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint(self):
        """A complaint is kept as proof until it is anonymised at the end of
        its retention period (or on an erasure request): nobody deletes it,
        the superuser included, and its decision log keeps its link to it
        (``ondelete="restrict"`` there). A ticket that left a complaint desk
        is kept as well once a decision was logged on it. Plain helpdesk
        tickets are deleted as ``helpdesk_mgmt`` allows."""
        # sudo: only whether a decision was logged is read, whoever deletes.
        logged = {
            ticket.id
            for [ticket] in self.env["reclamation.decision.log"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"])
        }
        kept = self.filtered(lambda t: t.is_complaint_desk or t.id in logged)
        if kept:
            raise UserError(
                self.env._(
                    "%(ticket)s is a complaint: complaints are never deleted. "
                    "They are anonymised at the end of their retention period, "
                    "or earlier on an erasure request, and their decision log "
                    "is kept.",
                    ticket=kept[0].display_name,
                )
            )

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
        link is cut otherwise. With the person's last complaint, what is held
        about them outside complaints goes too (consents given without a
        complaint, justifications of changes to their contact), the contact
        kept or not. The bus notifications about them go, and the chatter
        gets no tracking of the erased values.
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
            reclamation_managed_write=True,
        )
        env = tickets.env
        partners = tickets.partner_id
        emails = {
            email
            for email in tickets.mapped("email_normalized")
            + [email_normalize(e) for e in partners.mapped("email") if e]
            if email
        }
        # The people these complaints were the last ones of: what is held
        # about them outside a complaint goes with them (a consent they gave
        # without one, the justifications of changes to their contact),
        # whether their contact goes or an account of theirs keeps it.
        gone = partners._reclamation_without_other_complaints(tickets)
        consents = env["reclamation.consent"].search(
            Domain("ticket_id", "in", tickets.ids)
            | Domain("partner_id", "in", gone.ids)
        )
        shares = env["reclamation.data.share"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        # The requests of the person: those of their contact, and those
        # made with their address by nobody's contact (another contact's
        # request is theirs, whatever address the person gave).
        requests = env["reclamation.data.request"].search(
            Domain("partner_id", "in", partners.ids)
            | (
                Domain("partner_id", "=", False)
                & Domain("email_normalized", "in", list(emails))
            )
        )
        attachments = (
            consents.evidence_attachment_id
            | shares.attachment_ids
            | requests.export_attachment_id
        )
        # The links to the attachments go first: a consent's evidence is
        # also an attachment of the consent's thread, removed just below,
        # and the consent refuses to lose it otherwise (ondelete restrict).
        consents.write(
            dict.fromkeys(env["reclamation.consent"]._ANONYMISABLE_FIELDS, False)
        )
        shares.write(
            {"shared_data": env._("(anonymised)"), "attachment_ids": [(5, 0, 0)]}
        )
        # The requests stay as the record of how the person's rights were
        # answered (type, dates, state); what was written about them goes.
        requests.write(
            {
                "email": False,
                "export_attachment_id": False,
                "details": False,
                "answer": False,
                "extension_reason": False,
            }
        )
        env["reclamation.sharing.exception"].search(
            [("ticket_id", "in", tickets.ids)]
        ).write({"legal_basis": env._("(anonymised)")})
        env["reclamation.resolution"].search(
            [("ticket_id", "in", tickets.ids)]
        )._anonymise_texts()
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
        attachments.exists().unlink()
        # Before the contacts are checked for other uses: the survey answers
        # stop pointing to them.
        tickets._anonymise_satisfaction()
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
        gone._reclamation_anonymise_change_requests()
        env["reclamation.privacy"]._remove_bus_notifications(
            threads=[("res.partner", gone.ids)]
        )
        # The values written above, as they were, must not reach the
        # chatter: the tracking that earlier writes of this transaction
        # prepared for these records is written at its commit.
        for records in (tickets, partners, consents, requests):
            records._track_discard()
        tickets._remove_open_wizards()
        # The log keeps the decisions, not what was written about the person.
        entries = env["reclamation.decision.log"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        blanked = entries._anonymise_reasons()
        entries._anonymise_contact_values()
        counts = dict.fromkeys(tickets, 0)
        for entry in blanked:
            counts[entry.ticket_id] += 1
        # Logged in the name of the user who anonymises.
        self.env["reclamation.decision.log"]._log(
            "anonymisation",
            tickets,
            before="",
            after=lambda ticket: (
                env._(
                    "Anonymised; the reasons of %(count)s earlier decision(s) "
                    "removed",
                    count=counts[ticket],
                )
                if counts[ticket]
                else env._("Anonymised")
            ),
            reason=reason,
        )
        return tickets

    def _remove_open_wizards(self):
        """Wizards still open on these complaints (a holding letter being
        written...) and what was typed in them."""
        for name in self.env.registry:
            Model = self.env[name]
            if not Model._transient:
                continue
            links = [
                field.name
                for field in Model._fields.values()
                if field.type == "many2one"
                and field.store
                and field.comodel_name == "helpdesk.ticket"
            ]
            if links:
                Model.search(
                    Domain.OR(Domain(link, "in", self.ids) for link in links)
                ).unlink()

    def _remove_queued_mail(self, partners, emails):
        """Mail not yet sent to the person, from any document. Addresses are
        compared normalised and whole (erasing bob@x.org leaves the mail of
        jimbob@x.org). A mail for the person alone goes; a mail also for
        other people stays for them, without the person among its
        recipients (in copy included)."""
        emails = set(emails)
        candidates = self.env["mail.mail"].search(
            Domain("state", "in", ["outgoing", "exception"])
            & (
                Domain("recipient_ids", "in", partners.ids)
                | Domain.OR(
                    Domain(field, "ilike", email)
                    for email in emails
                    for field in ("email_to", "email_cc")
                )
            )
        )

        def without_person(addresses):
            """The addresses of ``addresses`` that are not the person's, and
            whether one was."""
            pairs = email_split_tuples(addresses or "")
            kept = [
                formataddr(pair)
                for pair in pairs
                if email_normalize(pair[1]) not in emails
            ]
            return kept, len(kept) < len(pairs)

        to_remove = self.env["mail.mail"]
        # Mails the person stays a recipient of but leaves.
        left = self.env["mail.mail"]
        for mail in candidates:
            email_to, in_to = without_person(mail.email_to)
            email_cc, in_cc = without_person(mail.email_cc)
            recipients = mail.recipient_ids - partners
            if not (in_to or in_cc or recipients != mail.recipient_ids):
                continue  # an address that only contains theirs
            if not (email_to or recipients):
                to_remove |= mail
                continue
            values = {}
            if in_to:
                values["email_to"] = ", ".join(email_to) or False
            if in_cc:
                values["email_cc"] = ", ".join(email_cc) or False
            if recipients != mail.recipient_ids:
                values["recipient_ids"] = [Command.set(recipients.ids)]
                left |= mail
            mail.write(values)
        if left:
            self.env["mail.notification"].search(
                [
                    ("mail_mail_id", "in", left.ids),
                    ("res_partner_id", "in", partners.ids),
                ]
            ).unlink()
        to_remove.unlink()

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
        failed = Ticket.browse()
        for domain, step in (
            (to_archive, "_archive_for_retention"),
            (to_anonymise, "_anonymise_for_retention"),
        ):
            while True:
                tickets = Ticket.search(
                    domain & Domain("id", "not in", failed.ids),
                    limit=batch_size,
                    order="id",
                )
                if not tickets:
                    break
                failed |= tickets._apply_retention_step(step)
                remaining = max(remaining - len(tickets), 0)
                if not self.env["ir.cron"]._commit_progress(
                    len(tickets), remaining=remaining
                ):
                    return
        self.env["ir.attachment"]._gc_file_store()

    def _apply_retention_step(self, step):
        """Run ``step`` on these complaints in a savepoint; if it fails, run
        it again one complaint at a time, so that one complaint that cannot
        be archived or anonymised does not hold back the others. Returns the
        complaints it failed on, left as they were, logged, and flagged to
        the data protection officer; the next run tries them again."""
        try:
            with self.env.cr.savepoint():
                getattr(self, step)()
        except (*PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, ConcurrencyError):
            raise  # the whole run is tried again later
        except Exception:
            if len(self) > 1:
                failed = self.browse()
                for ticket in self:
                    failed |= ticket._apply_retention_step(step)
                return failed
            _logger.exception(
                "Retention: %s failed for complaint %s; it is left as it is "
                "and tried again at the next run.",
                step,
                self.id,
            )
            self._flag_retention_failure()
            return self
        return self.browse()

    def _flag_retention_failure(self):
        """An activity for the data protection officers (else the team's
        manager), once per complaint until it is done."""
        activity_type = self.env.ref(
            "reclamation_charter.mail_activity_type_retention_failed"
        )
        dpos = self.env.ref(
            "reclamation_charter.group_reclamation_dpo"
        ).user_ids.filtered("active")
        dpos_by_company = {
            company: dpos.filtered(lambda u, c=company: c in u.company_ids)
            for company in self.company_id
        }
        for ticket in self:
            if activity_type in ticket.activity_ids.activity_type_id:
                continue
            users = (
                dpos_by_company.get(ticket.company_id)
                or ticket.team_id.user_id
                or self.env.ref("base.user_admin")
            )
            for user in users:
                ticket.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=activity_type.summary,
                    note=self.env._(
                        "The retention job could not archive or anonymise this "
                        "complaint on %(date)s: the server log gives the error. "
                        "It tries again at each run.",
                        date=fields.Date.context_today(self),
                    ),
                    user_id=user.id,
                )

    def _archive_for_retention(self):
        # A step of the retention job (the superuser), else of a complaint
        # manager or the data protection officer.
        self._check_privacy_officer()
        self.with_context(tracking_disable=True)._write_managed(
            {"retention_phase": "archived"}
        )
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
