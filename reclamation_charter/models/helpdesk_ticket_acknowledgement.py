# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, plaintext2html

_logger = logging.getLogger(__name__)

ACK_BATCH_SIZE = 200
# Taken by the next run: a user was changing them while the job ran.
ACK_RETRY_DELAY = timedelta(minutes=5)
CONCURRENCY_ERRORS = (pg_errors.SerializationFailure, pg_errors.LockNotAvailable)


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """Acknowledgement of receipt and written recap (charter articles 1
    and 2): queued by a job right after the complaint is received."""

    _inherit = "helpdesk.ticket"

    ack_state = fields.Selection(
        selection=[
            ("pending", "To send"),
            ("sent", "Sent"),
            ("no_address", "No email address"),
            ("failed", "Failed: check it"),
        ],
        string="Acknowledgement",
        compute="_compute_ack_state",
        store=True,
        index="btree_not_null",
        copy=False,
    )
    ack_sent_date = fields.Datetime(string="Acknowledged on", readonly=True, copy=False)
    ack_on_time = fields.Selection(
        selection=[("on_time", "On time"), ("late", "Late")],
        string="Acknowledged in time",
        compute="_compute_ack_on_time",
        store=True,
        help="Whether the acknowledgement left by its deadline.",
    )

    @api.depends("ack_sent_date", "ack_deadline")
    def _compute_ack_on_time(self):
        for ticket in self:
            if ticket.ack_sent_date and ticket.ack_deadline:
                late = ticket.ack_sent_date > ticket.ack_deadline
                ticket.ack_on_time = "late" if late else "on_time"
            else:
                ticket.ack_on_time = False

    @api.depends("is_charter_complaint")
    def _compute_ack_state(self):
        for ticket in self:
            if ticket.ack_state in ("sent", "no_address"):
                continue
            # Failed: waits for a person to retry it (action_retry_acknowledgement).
            if ticket.ack_state == "failed" and ticket.is_charter_complaint:
                continue
            ticket.ack_state = "pending" if ticket.is_charter_complaint else False

    def _schedule_acknowledgements(self):
        """Acknowledgements are rendered and queued by a job right after the
        transaction, never inside the user's request."""
        if any(ticket.ack_state == "pending" for ticket in self):
            # The job runs as the superuser on complaints the caller has just
            # created or changed; nothing of theirs is read here.
            self.env.ref(
                "reclamation_charter.ir_cron_send_acknowledgements"
            ).sudo()._trigger()

    def _get_acknowledgement_template(self):
        """The acknowledgement, or for complaints not in the customer's own
        words (phone, in person) the written recap of what was recorded."""
        self.ensure_one()
        if self.channel_id.requires_written_recap:
            return self.env.ref("reclamation_charter.mail_template_complaint_recap")
        return self.env.ref(
            "reclamation_charter.mail_template_complaint_acknowledgement"
        )

    def _notify_thread_by_email(self, message, recipients_data, **kwargs):
        """The emails about a complaint (its letters, and what its handlers
        write to the customer from the chatter or the composer) are queued,
        never sent inside the user's request: the mail queue job is woken up
        to send them once the transaction is committed."""
        if not any(self.mapped("is_complaint_desk")):
            return super()._notify_thread_by_email(message, recipients_data, **kwargs)
        if not self.env.context.get("reclamation_mail_queue_woken"):
            self._wake_mail_queue()
        kwargs["force_send"] = False
        context = {"mail_notify_force_send": False}
        if kwargs.get("force_email_lang"):
            # Said in the emails' headers (see _notify_by_email_get_headers).
            context["reclamation_letter_lang"] = kwargs["force_email_lang"]
        return super(
            HelpdeskTicket, self.with_context(**context)
        )._notify_thread_by_email(message, recipients_data, **kwargs)

    def _wake_mail_queue(self):
        """Have the mail queue job run once the transaction is committed."""
        # sudo: waking up a job, which users may not read.
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    def _get_model_description(self, model_name):
        """Notifications about a complaint call it a complaint ("Your
        complaint", "View complaint"), not a helpdesk ticket."""
        if model_name == self._name and len(self) == 1 and self.is_complaint_desk:
            return self.env._("Complaint")
        return super()._get_model_description(model_name)

    def _get_letter_privacy_notice(self, company=None):
        """The privacy notice a letter about the complaint cites: the version
        in force for its company (or ``company``), as looked up for the batch
        of letters being rendered. It is public: read as the superuser, so a
        letter rendered for a customer or by a job can cite it."""
        Notice = self.env["reclamation.privacy.notice"].sudo()
        if company is None:
            self.ensure_one()
            company = self.company_id
            looked_up = self.env.context.get("reclamation_letter_privacy_notices")
            if looked_up and company.id in looked_up:
                return Notice.browse(looked_up[company.id])
        return Notice._get_current(company)

    def _get_acknowledgement_recipient(self):
        """(contact to notify, email address): the contact when it has an
        email address, else the address the complaint came with."""
        self.ensure_one()
        if self.partner_id.email:
            return self.partner_id, self.partner_id.email
        return self.env["res.partner"], self.partner_email or ""

    def _send_acknowledgements(self):
        """Render the acknowledgement of each complaint and queue it for the
        customer; complaints without any email address get an activity for
        their owner to send it by post."""
        # The job runs as the superuser; anyone else must be able to change
        # the complaints.
        self.check_access("write")
        no_address = self.filtered(lambda t: not t._get_acknowledgement_recipient()[1])
        to_send = self - no_address
        now = fields.Datetime.now()
        tickets_by_template = defaultdict(lambda: self.browse())
        for ticket in to_send:
            tickets_by_template[ticket._get_acknowledgement_template()] |= ticket
        for template, tickets in tickets_by_template.items():
            tickets._post_customer_letter(template)
        to_send._write_managed({"ack_state": "sent", "ack_sent_date": now})
        for ticket in no_address:
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Send the acknowledgement by post"),
                note=self.env._(
                    "This complaint has no email address: print and post the "
                    "acknowledgement of receipt to the customer."
                ),
                user_id=(ticket.owner_id or ticket.team_id.user_id or self.env.user).id,
            )
        no_address._write_managed({"ack_state": "no_address"})

    # What a customer letter takes from its template (Odoo's template
    # machinery renders them, each complaint in its customer's language).
    _CUSTOMER_LETTER_FIELDS = (
        "subject",
        "body_html",
        "email_from",
        "reply_to",
        "partner_to",
        "email_to",
        "attachment_ids",
        "report_template_ids",
    )

    def _post_customer_letter(self, template, message_type="auto_comment"):
        """Post ``template`` to the customer of each complaint: rendered by
        the template machinery (its sender, reply-to, recipients, attachments
        and reports apply, in the customer's language), shown in the chatter,
        and queued: nothing is sent inside the caller's transaction.

        Posted rather than sent as a mass mailing so that it is part of the
        complaint's history; customers known only by an email address get it
        at that address, without a contact being created for them."""
        # The privacy notice the letters cite, looked up once per company
        # rather than once per letter.
        notices = {
            company.id: self.browse()._get_letter_privacy_notice(company).id
            for company in self.company_id
        }
        # Rendered in the template's language for each complaint (its
        # contact's), else in the complaint's letter language.
        ids_by_lang = defaultdict(list)
        for ticket in self:
            ids_by_lang[ticket._get_letter_lang()].append(ticket.id)
        values, langs = {}, {}
        for default_lang, ids in ids_by_lang.items():
            rendering = template.with_context(
                lang=default_lang, reclamation_letter_privacy_notices=notices
            )
            values.update(
                rendering._generate_template(ids, self._CUSTOMER_LETTER_FIELDS)
            )
            langs.update(
                (res_id, lang or default_lang)
                for res_id, lang in rendering._render_lang(ids).items()
            )
        # The mail queue is woken up once for the batch of letters.
        if self:
            self._wake_mail_queue()
        for ticket in self:
            vals = values[ticket.id]
            ticket._post_letter(
                template,
                vals,
                langs[ticket.id],
                message_type=message_type,
                attachments=[
                    (name, base64.b64decode(content))
                    for name, content in vals.get("attachments") or []
                ],
            )

    def _post_letter(
        self, template, vals, lang, message_type="auto_comment", attachments=None
    ):
        """Post one letter, rendered from ``template`` as ``vals``, to the
        customer of the complaint, in ``lang``: the template's recipients,
        else the complaint's customer; its sender, else the company; replies
        asked at the template's address, else the complaint's (its desk's
        alias, else the company's catch-all: see the readiness check). Only
        the customer and the people outside the association who follow the
        complaint get it; each copy is addressed to its recipient alone. The
        caller wakes the mail queue up."""
        self.ensure_one()
        partner_ids = vals.get("partner_ids") or []
        email_to = vals.get("email_to") or False
        if not partner_ids and not email_to:
            # Templates without recipients: the complaint's customer.
            partner, email = self._get_acknowledgement_recipient()
            partner_ids, email_to = partner.ids, (not partner and email) or False
        extra = {}
        if vals.get("reply_to"):
            extra["reply_to"] = vals["reply_to"]
        if template.mail_server_id:
            extra["mail_server_id"] = template.mail_server_id.id
        return self.with_context(
            lang=lang or None,
            mail_notify_force_send=False,
            reclamation_mail_queue_woken=True,
            reclamation_customer_letter=True,
        ).message_post(
            subject=vals.get("subject"),
            body=vals.get("body_html") or "",
            # The desk's address: the author is found from it, never the
            # user running the job.
            email_from=vals.get("email_from")
            or self.company_id.email_formatted
            or None,
            message_type=message_type,
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner_ids,
            outgoing_email_to=email_to,
            attachment_ids=vals.get("attachment_ids") or [],
            attachments=attachments or [],
            email_layout_xmlid=template.email_layout_xmlid
            or "mail.mail_notification_light",
            force_email_lang=lang or None,
            mail_auto_delete=template.auto_delete,
            force_send=False,
            **extra,
        )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACK_BATCH_SIZE):
        """Acknowledge the pending complaints, batch by batch. A complaint
        whose acknowledgement fails is flagged for a person and the others go
        on; complaints a user is changing while the job runs are left to the
        next run."""
        # Restricted complaints wait until the restriction is lifted.
        domain = Domain("ack_state", "=", "pending") & Domain(
            "processing_restricted", "=", False
        )
        postponed = self.browse()
        retry_later = False
        while True:
            tickets = self._lock_for_acknowledgement(
                domain & Domain("id", "not in", postponed.ids), batch_size
            )
            if tickets is None:
                retry_later = True
                break
            if not tickets:
                # Only complaints held by other transactions may be left.
                retry_later = bool(self.search_count(domain, limit=1))
                break
            postponed |= tickets._send_acknowledgements_isolated()
            remaining = self.search_count(domain) - len(postponed)
            if not self.env["ir.cron"]._commit_progress(
                len(tickets), remaining=max(remaining, 0)
            ):
                break
        if postponed or retry_later:
            self.env.ref(
                "reclamation_charter.ir_cron_send_acknowledgements"
            ).sudo()._trigger(fields.Datetime.now() + ACK_RETRY_DELAY)

    @api.model
    def _lock_for_acknowledgement(self, domain, limit):
        """The next complaints to acknowledge, locked for this run: those
        another transaction holds (a user editing one, another run) are
        skipped and taken by a later run. None when the rows changed under
        this transaction (a later run retries them)."""
        query = self._search(domain, order="id", limit=limit)
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "%s FOR UPDATE OF %s SKIP LOCKED",
                        query.select(),
                        SQL.identifier(query.table),
                    )
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except CONCURRENCY_ERRORS:
            _logger.info(
                "Acknowledgements: complaints changed meanwhile, retried later"
            )
            return None
        tickets = self.browse(ids)
        tickets.invalidate_recordset()
        return tickets

    def _send_acknowledgements_isolated(self):
        """Send the batch in one go; if that fails, one complaint at a time,
        each in its savepoint: a complaint that fails is flagged, the others
        are sent. Returns the complaints to retry later (changed by someone
        meanwhile)."""
        try:
            with self.env.cr.savepoint():
                self._send_acknowledgements()
            return self.browse()
        except Exception:  # pylint: disable=broad-except
            # Isolated one by one just below.
            _logger.info("Acknowledgements: batch failed, sending one by one")
        postponed = self.browse()
        for ticket in self:
            try:
                with self.env.cr.savepoint():
                    ticket._send_acknowledgements()
            except CONCURRENCY_ERRORS:
                postponed |= ticket
            except Exception as error:  # pylint: disable=broad-except
                _logger.warning(
                    "Acknowledgement of complaint %s failed", ticket.id, exc_info=True
                )
                ticket._flag_acknowledgement_failure(error)
        return postponed

    def _flag_acknowledgement_failure(self, error):
        """The complaint waits for its owner: it is left out of the next runs
        until someone retries it."""
        self.ensure_one()
        # Called by the acknowledgement job (superuser) on a complaint it
        # could not acknowledge.
        self._write_managed({"ack_state": "failed"})
        self.activity_schedule(
            "reclamation_charter.mail_activity_type_acknowledgement_failed",
            note=plaintext2html(
                self.env._(
                    "The acknowledgement of receipt could not be prepared: "
                    "%(error)s\nCorrect the complaint or the template, then use "
                    "“Retry acknowledgement”.",
                    error=str(error),
                )
            ),
            user_id=(self.owner_id or self.team_id.user_id or self.env.user).id,
        )

    def action_retry_acknowledgement(self):
        """Put failed acknowledgements back in the queue of the job."""
        failed = self.filtered(lambda ticket: ticket.ack_state == "failed")
        if not failed:
            return
        failed.check_access("write")
        # Checked just above: the user may change these complaints.
        failed._write_managed({"ack_state": "pending"})
        failed.activity_feedback(
            ["reclamation_charter.mail_activity_type_acknowledgement_failed"],
            feedback=self.env._("Acknowledgement queued again."),
        )
        failed._schedule_acknowledgements()
