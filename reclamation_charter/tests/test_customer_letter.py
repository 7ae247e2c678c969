# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCase

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestCustomerLetter(ReclamationCase, MailCase):
    """Letters to customers go through the template machinery: the template's
    sender, reply-to, recipients and attachments apply, in the customer's
    language, and the mail is queued."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        cls.company.write(
            {"name": "Mutuelle Entraide", "email": "contact@entraide.example"}
        )
        cls.template = cls.env.ref(
            "reclamation_charter.mail_template_complaint_acknowledgement"
        )
        cls.leaflet = cls.env["ir.attachment"].create(
            {
                "name": "complaints-charter.pdf",
                "raw": b"%PDF-1.4 charter",
                "res_model": "mail.template",
                "res_id": cls.template.id,
            }
        )
        cls.template.write(
            {
                "reply_to": "reclamations@entraide.example",
                "attachment_ids": [(4, cls.leaflet.id)],
            }
        )

    def _send_letters(self):
        Mail = type(self.env["mail.mail"])
        with (
            patch.object(Mail, "send") as send,
            patch.object(Mail, "send_after_commit") as send_after_commit,
            self.enter_registry_test_mode(),
        ):
            self.cron.method_direct_trigger()
        send.assert_not_called()  # left to the mail queue
        send_after_commit.assert_not_called()

    def _letter(self, complaint):
        message = complaint.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )
        self.assertEqual(len(message), 1)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mail), 1)
        return message, mail

    def test_letter_has_the_template_sender_reply_to_and_attachment(self):
        complaint = self._create_complaint()
        self._send_letters()
        message, mail = self._letter(complaint)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("contact@entraide.example", mail.email_from)
        self.assertEqual(mail.reply_to, "reclamations@entraide.example")
        self.assertIn("complaints-charter.pdf", mail.attachment_ids.mapped("name"))
        self.assertEqual(mail.recipient_ids, self.customer)
        odoobot = self.env.ref("base.partner_root")
        self.assertNotEqual(message.author_id, odoobot)
        self.assertNotIn(odoobot.email or "odoobot", mail.email_from)
        self.assertEqual(message.author_id, self.company.partner_id)
        # The template's attachment itself stays on the template.
        self.assertIn(self.leaflet, self.template.attachment_ids)

    def test_letter_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        # Activating a language loads no translation: the addon's French.
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        self.customer.lang = "fr_FR"
        complaint = self._create_complaint()
        self._send_letters()
        message, mail = self._letter(complaint)
        self.assertIn("Nous avons bien reçu votre réclamation", message.subject)
        self.assertIn("Bien cordialement", str(message.body))
        self.assertIn("Bien cordialement", str(mail.body_html))
        self.assertNotIn("Kind regards", str(mail.body_html))

    def test_customer_known_by_email_only_gets_the_letter(self):
        partners_before = self.env["res.partner"].search_count([])
        complaint = self._create_complaint(
            partner_id=False, partner_email="anonymous.member@example.com"
        )
        self._send_letters()
        message, mail = self._letter(complaint)
        self.assertFalse(message.partner_ids)
        self.assertIn("anonymous.member@example.com", mail.email_to)
        self.assertEqual(mail.reply_to, "reclamations@entraide.example")
        self.assertIn("contact@entraide.example", mail.email_from)
        # No contact is created for them.
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_holding_letter_from_a_handler_is_queued_with_the_template(self):
        complaint = self._create_complaint(user_id=self.handler.id)
        template = self.env.ref(
            "reclamation_charter.mail_template_complaint_holding_letter"
        )
        template.reply_to = "attente@entraide.example"
        Mail = type(self.env["mail.mail"])
        with (
            patch.object(Mail, "send") as send,
            patch.object(Mail, "send_after_commit") as send_after_commit,
        ):
            complaint.with_user(self.handler)._post_customer_letter(
                template, message_type="comment"
            )
        send.assert_not_called()
        send_after_commit.assert_not_called()
        message = complaint.message_ids.filtered(lambda m: m.message_type == "comment")
        mail = self.env["mail.mail"].search([("mail_message_id", "in", message.ids)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.reply_to, "attente@entraide.example")
        self.assertIn("contact@entraide.example", mail.email_from)

    def test_handler_reply_to_the_customer_is_queued(self):
        """What a handler writes to the customer of a complaint leaves by the
        mail queue, woken up for it, not from the handler's request; a plain
        ticket keeps Odoo's immediate sending."""
        Mail = type(self.env["mail.mail"])
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        plain = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jammed",
                "description": "<p>Paper jam.</p>",
                "team_id": self.support.id,
                "partner_id": self.customer.id,
            }
        )
        for ticket, queued in ((self._create_complaint(), True), (plain, False)):
            with self.subTest(complaint=queued):
                triggers = Trigger.search_count([("cron_id", "=", queue.id)])
                with patch.object(Mail, "send_after_commit") as send_after_commit:
                    ticket.with_user(self.handler).message_post(
                        body="We have asked the accounting team.",
                        partner_ids=self.customer.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                mail = self.env["mail.mail"].search(
                    [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
                )
                self.assertTrue(mail)
                self.assertEqual(set(mail.mapped("state")), {"outgoing"})
                self.assertEqual(send_after_commit.called, not queued)
                self.assertEqual(
                    Trigger.search_count([("cron_id", "=", queue.id)]) > triggers,
                    queued,
                )
