# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools.mail import parse_contact_from_email


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """Email received and sent: who a person writing to a desk is (name,
    address, contact, language), and what leaves for them (one copy of
    each letter, to them alone, in their language)."""

    _inherit = "helpdesk.ticket"

    partner_lang = fields.Selection(
        selection="_partner_lang_selection",
        string="Customer's language",
        help="The language of the letters to a customer who has no contact: "
        "the one their email was written in. Empty: the desk's language.",
    )

    @api.model
    def _partner_lang_selection(self):
        return self.env["res.lang"].get_installed()

    # Received

    @api.model
    def message_new(self, msg, custom_values=None):
        """A complaint arriving by email is nobody's yet: helpdesk_mgmt would
        assign it to the current user, the mail gateway's (OdooBot). Left
        unassigned, its owner is the desk's manager.

        It came by email, whichever way the mail reached Odoo: helpdesk_mgmt
        sets the channel only for mail fetched by its cron, not for mail
        piped in by the mail gateway script.

        Its sender is known by name and address (not by the raw ``From``
        header), and linked to their contact, found or created as the desk
        says (see ``_prepare_email_sender_vals``)."""
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id"))
        if team.is_complaint_desk:
            if self.env.user not in team.user_ids:
                values.setdefault("user_id", False)
            values.update(self._prepare_email_sender_vals(msg, team))
        email_channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False
        )
        if email_channel:
            values.setdefault("channel_id", email_channel.id)
        return super().message_new(msg, custom_values=values)

    @api.model
    def _prepare_email_sender_vals(self, msg, team):
        """The customer of a complaint received by email on ``team``: their
        name and address parsed from the message; their contact, the one the
        mail gateway found for the address, else a new one if the desk
        creates them. A contact created here is the sender's author record
        from then on (the email itself is theirs in the chatter); it takes
        the language the email was written in, else the desk's. Without a
        contact, the complaint keeps that language for its letters."""
        name, email = parse_contact_from_email(
            msg.get("email_from") or msg.get("from") or ""
        )
        if not email:
            return {}
        partner = self.env["res.partner"].browse(msg.get("author_id")).exists()
        lang = self._get_email_lang()
        if not partner and team.reclamation_email_contact != "find":
            partner = self._create_email_sender_contact(name, email, lang, team)
            # The incoming email is posted after the complaint is created,
            # from this same message: its author is the new contact.
            msg["author_id"] = partner.id
        return {
            "partner_id": partner.id,
            "partner_name": partner.name or name or email,
            "partner_email": email,
            "partner_lang": not partner and lang,
        }

    @api.model
    def _create_email_sender_contact(self, name, email, lang, team):
        """A contact for a person who wrote to the desk: a private person of
        the desk's company (not shared with the association's other
        companies), in their language. As any complainant's contact, it is
        protected while they are a recent complainant and anonymised with
        their complaints."""
        return (
            self.env["res.partner"]
            .with_context(default_type="contact")
            .create(
                {
                    "name": name or email,
                    "email": email,
                    "lang": lang or team._reclamation_get_lang(),
                    "company_id": team.company_id.id,
                }
            )
        )

    @api.model
    def _get_email_lang(self):
        """The installed language the email being processed is written in,
        from its ``Content-Language`` header (see mail.thread), or False."""
        tags = self.env.context.get("reclamation_email_content_language") or ""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        for tag in tags.split(","):
            tag = tag.strip().replace("-", "_")
            if not tag:
                continue
            prefix = tag.split("_")[0].lower()
            for code in installed:
                if code.lower() == tag.lower():
                    return code
            for code in installed:
                if code.split("_")[0].lower() == prefix:
                    return code
        return False

    # Sent

    def _get_letter_lang(self):
        """The language of the letters to the customer: their contact's, else
        the one their email was written in, else the desk's."""
        self.ensure_one()
        # Only the desk's language is read, to write to its customer.
        return (
            self.partner_id.lang
            or self.partner_lang
            or self.sudo().team_id._reclamation_get_lang()
        )

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """A letter is for the customer (and the people outside the
        association who follow the complaint): the staff read it in the
        chatter and get no copy of it."""
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        if self.env.context.get("reclamation_customer_letter"):
            recipients = [data for data in recipients if data.get("share")]
        return recipients

    def _notify_by_email_get_headers(self, headers=None):
        """Each copy of an email about a complaint is addressed to its
        recipient alone: the customer does not see the staff's addresses,
        nor the staff the customer's in a copy meant for them (Odoo lists the
        outside recipients in every copy, for a "reply all"). A letter says
        the language it is written in."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        if self and self.is_complaint_desk:
            headers.pop("X-Msg-To-Add", None)
            lang = self.env.context.get("reclamation_letter_lang")
            if lang:
                headers["Content-Language"] = lang.replace("_", "-")
        return headers
