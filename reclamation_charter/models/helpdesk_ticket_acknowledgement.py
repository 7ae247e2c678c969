# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.fields import Domain

ACK_BATCH_SIZE = 200


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
        no_address = self.filtered(lambda t: not t._get_acknowledgement_recipient()[1])
        to_send = self - no_address
        now = fields.Datetime.now()
        tickets_by_template = defaultdict(lambda: self.browse())
        for ticket in to_send:
            tickets_by_template[ticket._get_acknowledgement_template()] |= ticket
        for template, tickets in tickets_by_template.items():
            tickets._post_customer_letter(template)
        to_send.write({"ack_state": "sent", "ack_sent_date": now})
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
        no_address.write({"ack_state": "no_address"})

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
        values = template._generate_template(self.ids, self._CUSTOMER_LETTER_FIELDS)
        langs = template._render_lang(self.ids)
        layout = template.email_layout_xmlid or "mail.mail_notification_light"
        for ticket in self:
            vals = values[ticket.id]
            partner_ids = vals.get("partner_ids") or []
            email_to = vals.get("email_to") or False
            if not partner_ids and not email_to:
                # Templates without recipients: the complaint's customer.
                partner, email = ticket._get_acknowledgement_recipient()
                partner_ids, email_to = partner.ids, (not partner and email) or False
            extra = {}
            if vals.get("reply_to"):
                extra["reply_to"] = vals["reply_to"]
            if template.mail_server_id:
                extra["mail_server_id"] = template.mail_server_id.id
            ticket.with_context(
                lang=langs[ticket.id] or None, mail_notify_force_send=False
            ).message_post(
                subject=vals.get("subject"),
                body=vals.get("body_html") or "",
                # The desk's address: the author is found from it, never the
                # user running the job.
                email_from=vals.get("email_from")
                or ticket.company_id.email_formatted
                or None,
                message_type=message_type,
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner_ids,
                outgoing_email_to=email_to,
                attachment_ids=vals.get("attachment_ids") or [],
                attachments=[
                    (name, base64.b64decode(content))
                    for name, content in vals.get("attachments") or []
                ],
                email_layout_xmlid=layout,
                force_email_lang=langs[ticket.id] or None,
                mail_auto_delete=template.auto_delete,
                force_send=False,
                **extra,
            )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACK_BATCH_SIZE):
        # Restricted complaints wait until the restriction is lifted.
        domain = Domain("ack_state", "=", "pending") & Domain(
            "processing_restricted", "=", False
        )
        remaining = self.search_count(domain)
        while remaining:
            tickets = self.search(domain, limit=batch_size, order="id")
            tickets._send_acknowledgements()
            remaining = max(remaining - len(tickets), 0)
            if not self.env["ir.cron"]._commit_progress(
                len(tickets), remaining=remaining
            ):
                break
