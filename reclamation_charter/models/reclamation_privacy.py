# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import re
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from odoo.addons.bus.models.bus import channel_with_db, json_dump

# In the bus: the document a channel is of, the message an inbox
# notification is of (the same patterns in Python and PostgreSQL).
BUS_DOCUMENT_CHANNEL = r"^(\[[^,]+,[^,]+,\d+)"
BUS_INBOX_MESSAGE = r'"message_id":(\d+)[,}]'


class ReclamationPrivacy(models.AbstractModel):
    """The personal-data service of the complaint desk: it gathers what the
    association holds about a person (rights of access and portability,
    GDPR articles 15 and 20) and removes the data documents carry (messages,
    attachments, activities, followers) when a person is erased."""

    _name = "reclamation.privacy"
    _description = "Personal Data Service: Export and Erasure"

    @api.model
    def _export_zip(
        self, tickets, partner=None, email=None, reference=None, portal=False
    ):
        """(file name, ZIP bytes): ``data.json`` with the complaints, their
        messages (visible and internal), consents, sharings and decisions,
        and every attachment of the complaints under ``attachments/``.

        With ``portal``, the download a person makes themselves: what the
        portal shows them (no internal note, no file of the desk's, no
        internal assessment), the decisions about them they were told or
        took (not the association's own: legal holds, restrictions, contact
        changes, which may be about someone else) and their own consents
        only, not those of another person of the same complaints (a
        representative's, with their IP address).
        The complete export, internal notes included, is the data protection
        officer's answer to an access request (GDPR article 15(4): reviewed
        for other people's data).

        The data is read as the superuser: callers check first that the user
        may answer for this person (the data protection officer through a
        request, the person themselves on the portal)."""
        if not tickets:
            raise UserError(
                self.env._(
                    "No complaint concerns this person: there is nothing to export."
                )
            )
        data, files = self.sudo()._collect(
            tickets.sudo(), partner, email, portal=portal
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
            )
            for path, content in files:
                archive.writestr(path, content)
        counts = {"complaint_count": len(tickets), "attachment_count": len(files)}
        Log = self.env["reclamation.decision.log"]
        Log._log(
            "export",
            tickets,
            after=Log._render_export_values(counts),
            after_values=counts,
            values_model=False,
            reason=reference,
        )
        stamp = fields.Datetime.now().strftime("%Y%m%d-%H%M%S")
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", reference or "personal-data")
        return f"{name}-{stamp}.zip", buffer.getvalue()

    @api.model
    def _collect(self, tickets, partner=None, email=None, portal=False):
        Message = self.env["mail.message"]
        Attachment = self.env["ir.attachment"]
        messages = Message.search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)],
            order="date, id",
        )
        internal_messages = messages.filtered(
            lambda message: message.is_internal or message.subtype_id.internal
        )
        if portal:
            messages -= internal_messages
        messages_by_ticket = {}
        for message in messages:
            messages_by_ticket.setdefault(message.res_id, []).append(message)
        attachments = Attachment.search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", tickets.ids)],
            order="id",
        )
        if portal:
            # Their own files and those sent to them, as on the portal.
            attachments = attachments._filter_reclamation_customer_files()
            consents = self.env["reclamation.consent"].search(
                [("partner_id", "=", partner.id)]
            )
        else:
            consents = self.env["reclamation.consent"].search(
                ["|", ("ticket_id", "in", tickets.ids), ("partner_id", "=", partner.id)]
                if partner
                else [("ticket_id", "in", tickets.ids)]
            )
        shares = self.env["reclamation.data.share"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        Log = self.env["reclamation.decision.log"]
        decisions = Log.search([("ticket_id", "in", tickets.ids)], order="date, id")
        if portal:
            decisions = decisions.filtered(
                lambda decision: decision.kind in Log._PORTAL_EXPORT_KINDS
            )
        files = []
        attachments_by_ticket = {}
        for attachment in attachments:
            path = f"attachments/{attachment.res_id}/{attachment.id}-{attachment.name}"
            files.append((path, attachment.raw or b""))
            attachments_by_ticket.setdefault(attachment.res_id, []).append(
                {"name": attachment.name, "file": path, "mimetype": attachment.mimetype}
            )

        selections = {}

        def label(record, name):
            key = (record._name, name)
            if key not in selections:
                field = record._fields[name]
                selections[key] = dict(field._description_selection(self.env))
            return selections[key].get(record[name], "")

        complaints = []
        for ticket in tickets:
            complaints.append(
                {
                    "reference": ticket.number,
                    "subject": ticket.name,
                    "description": html2plaintext(ticket.description or ""),
                    "received_on": ticket.received_date,
                    "closed_on": ticket.closed_date,
                    "team": ticket.team_id.name,
                    "category": ticket.category_id.name,
                    "channel": ticket.channel_id.name,
                    "stage": ticket.stage_id.name,
                    "kind": label(ticket, "complaint_kind"),
                    "complexity": label(ticket, "complexity"),
                    "contact_name": ticket.partner_name or ticket.partner_id.name,
                    "contact_email": ticket.partner_email or ticket.partner_id.email,
                    "capacity": label(ticket, "complainant_capacity"),
                    "on_behalf_of": ticket.represented_party_name,
                    "capacity_details": ticket.complainant_details,
                    "remedy_sought": ticket.remedy_sought,
                    "special_category_data": ticket.special_category_details,
                    "internal_assessment": None
                    if portal
                    else ticket.internal_assessment,
                    "charter_version": ticket.charter_id.display_name,
                    "acknowledged_on": ticket.ack_sent_date,
                    "answer_deadline": ticket.resolution_deadline,
                    "processing_restricted": ticket.processing_restricted,
                    "messages": [
                        {
                            "date": message.date,
                            "author": message.author_id.name or message.email_from,
                            "subject": message.subject,
                            "body": html2plaintext(message.body or ""),
                            "internal": bool(
                                message.is_internal or message.subtype_id.internal
                            ),
                            "changes": [
                                {
                                    "field": value.field_id.field_description,
                                    "old": value._format_display_value(
                                        value.field_id.ttype, new=False
                                    )[0],
                                    "new": value._format_display_value(
                                        value.field_id.ttype, new=True
                                    )[0],
                                }
                                for value in message.tracking_value_ids
                            ],
                        }
                        for message in messages_by_ticket.get(ticket.id, [])
                    ],
                    "attachments": attachments_by_ticket.get(ticket.id, []),
                }
            )
        data = {
            "exported_on": fields.Datetime.now(),
            "person": {
                "name": partner.name if partner else None,
                "email": (partner.email if partner else None) or email,
                "phone": partner.phone if partner else None,
            },
            "complaints": complaints,
            "consents": [
                {
                    "purpose": consent.purpose_id.name,
                    "complaint": consent.ticket_id.number,
                    "recipient": consent.recipient_id.name,
                    "data_categories": consent.data_categories,
                    "special_category": consent.special_category,
                    "text": consent.text_id.display_name,
                    "text_sha256": consent.text_hash,
                    "language": consent.lang,
                    "method": label(consent, "method"),
                    "given_on_utc": consent.given_date,
                    "ip_address": consent.ip_address,
                    "user_agent": consent.user_agent,
                    "state": label(consent, "state"),
                    "withdrawn_on_utc": consent.withdrawal_date,
                    "valid_until": consent.review_date,
                }
                for consent in consents
            ],
            "shared_with_third_parties": [
                {
                    "complaint": share.ticket_id.number,
                    "date": share.date,
                    "recipient": share.recipient_id.name,
                    "purpose": share.purpose_id.name,
                    "basis": label(share, "basis"),
                    "data": share.shared_data,
                }
                for share in shares
            ],
            "decisions": [
                {
                    "complaint": decision.ticket_id.number,
                    "date": decision.date,
                    "decision": label(decision, "kind"),
                    "before": decision.before_display,
                    "after": decision.after_display,
                    "reason": decision.reason,
                }
                for decision in decisions
            ],
            "satisfaction_survey_answers": self._collect_survey_answers(tickets),
        }
        return data, files

    @api.model
    def _remove_thread_data(self, threads):
        """Delete the messages (with their tracking values, notifications
        and the mail they queued), attachments, activities and followers of
        the given documents, ``threads`` being (model, ids) pairs."""
        threads = [(model, ids) for model, ids in threads if ids]
        if not threads:
            return

        def documents(model_field):
            return Domain.OR(
                Domain(model_field, "=", model) & Domain("res_id", "in", ids)
                for model, ids in threads
            )

        messages = self.env["mail.message"].search(documents("model"))
        attachments = messages.attachment_ids | self.env["ir.attachment"].search(
            documents("res_model")
        )
        message_ids = messages.ids
        messages.unlink()
        attachments.unlink()
        self.env["mail.activity"].search(documents("res_model")).unlink()
        self.env["mail.followers"].search(documents("res_model")).unlink()
        self._remove_bus_notifications(threads=threads, message_ids=message_ids)

    @api.model
    def _remove_bus_notifications(self, threads=(), message_ids=()):
        """Delete the bus notifications about what is erased: those sent to
        the channel of the documents ``threads`` ((model, ids) pairs: a
        complaint, the person's contact) and those of the messages
        ``message_ids`` (a user's inbox, with the message, its author and
        the document). Odoo keeps them a day for the clients that were
        offline; those of this transaction, written at its commit, go too.
        A client that was offline misses them: it reads the documents again
        when it opens them."""
        dbname = self.env.cr.dbname
        channels = {
            json_dump(channel_with_db(dbname, self.env[model].browse(res_id)))
            for model, ids in threads
            for res_id in ids
        }
        message_ids = set(message_ids)
        if not (channels or message_ids):
            return

        def concerned(channel, message):
            """As the query below, for the notifications not written yet."""
            document = re.match(BUS_DOCUMENT_CHANNEL, channel)
            inbox = re.search(BUS_INBOX_MESSAGE, message)
            return bool(
                (document and f"{document.group(1)}]" in channels)
                or (inbox and int(inbox.group(1)) in message_ids)
            )

        pending = self.env.cr.precommit.data.get("bus.bus.values")
        if pending:
            pending[:] = [
                values
                for values in pending
                if not concerned(values["channel"], values["message"])
            ]
        # The channel of a document is ["db","model",id] (then a subchannel).
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM bus_bus
                 WHERE substring(channel FROM %s) || ']' IN (SELECT unnest(%s))
                    OR substring(message FROM %s)::int IN (SELECT unnest(%s))
                """,
                BUS_DOCUMENT_CHANNEL,
                SQL("%s::varchar[]", list(channels)),
                BUS_INBOX_MESSAGE,
                SQL("%s::int[]", list(message_ids)),
            )
        )

    @api.model
    def _collect_survey_answers(self, tickets):
        """The answers given to the satisfaction surveys of these complaints
        (see helpdesk_ticket_satisfaction.py)."""
        return tickets._collect_satisfaction_answers()
