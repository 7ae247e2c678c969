# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import socket
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from unittest.mock import patch

import aiosmtpd.controller

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import IrMail_Server

from .satisfaction_common import SatisfactionMixin
from .test_resolution import ResolutionCase

# Ports the test's SMTP server may listen on (8360 is this suite's Odoo).
SMTP_PORTS = range(8361, 8370)


class _Mailbox:
    """An SMTP server's handler that keeps every message it receives: the
    envelope's recipients and the message as it arrived."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        self.received.append(([r.lower() for r in envelope.rcpt_tos], message))
        return "250 Message accepted for delivery"


def _free_port():
    for port in SMTP_PORTS:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise OSError("No free port for the test SMTP server")


@tagged("post_install", "-at_install")
class TestLettersOnTheWire(SatisfactionMixin, ResolutionCase):
    """What a customer receives, read on a real SMTP server: the mail queue
    sends the letters through it as in production."""

    CUSTOMER_EMAIL = "jeanne.reel@example.fr"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_satisfaction()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # Activating a language loads no translation: the addon's French.
        cls.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        cls.mailbox = _Mailbox()
        controller = aiosmtpd.controller.Controller(
            cls.mailbox, hostname="127.0.0.1", port=_free_port()
        )
        controller.start()
        cls.addClassCleanup(controller.stop)
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Test SMTP server",
                "smtp_host": "127.0.0.1",
                "smtp_port": controller.port,
                "smtp_encryption": "none",
            }
        )
        # The association's mail set-up: an alias domain with a catch-all,
        # the desk's alias on it.
        alias_domain = cls.env["mail.alias.domain"].create(
            {
                "name": "entraide.example",
                "catchall_alias": "catchall",
                "bounce_alias": "bounce",
            }
        )
        cls.company.write(
            {
                "name": "Mutuelle Entraide",
                "email": "info@entraide.example",
                "alias_domain_id": alias_domain.id,
            }
        )
        cls.desk.write(
            {"alias_name": "reclamations", "alias_domain_id": alias_domain.id}
        )
        # Staff who follow the complaints get their notifications by email.
        cls.staff = cls.handler | cls.second_handler | cls.manager
        cls.staff.write({"notification_type": "email"})
        for user in cls.staff:
            user.partner_id.email = f"{user.login}@entraide.example"

    def setUp(self):
        super().setUp()
        # Odoo does not send mail while tests run: only this guard is lifted,
        # the mail goes through smtplib to the server started above.
        self.startPatcher(
            patch.object(IrMail_Server, "_disable_send", return_value=False)
        )
        self.mailbox.received.clear()

    # What the customer and the staff receive

    def _send_queue(self):
        self.env["mail.mail"].process_email_queue()
        received = list(self.mailbox.received)
        self.mailbox.received.clear()
        return received

    def _to(self, message):
        return [
            address.lower()
            for _name, address in getaddresses(
                message.get_all("To", []) + message.get_all("Cc", [])
            )
        ]

    def _customer_letters(self, received, email=CUSTOMER_EMAIL):
        """The letters the customer received, checking that no copy meant
        for someone else carries their address, and that theirs carries no
        one else's."""
        letters = []
        for recipients, message in received:
            if email in recipients:
                self.assertEqual(recipients, [email], message["Subject"])
                self.assertEqual(self._to(message), [email], message["Subject"])
                letters.append(message)
            else:
                self.assertNotIn(email, self._to(message), message["Subject"])
        return letters

    def _text(self, message):
        return "\n".join(
            part.get_content()
            for part in message.walk()
            if part.get_content_type() == "text/plain" and not part.get_filename()
        )

    def _assert_letter(self, letter, subject, greeting, complaint):
        self.assertIn(subject, letter["Subject"])
        self.assertIn(greeting, self._text(letter))
        self.assertTrue(letter["Content-Language"].startswith("fr"))
        self.assertIn("reclamations@entraide.example", letter["Reply-To"])
        self.assertNotIn("info@entraide.example", letter["Reply-To"])
        self.assertIn(f"{complaint.id}-helpdesk.ticket", letter["Message-Id"])

    def _incoming(self, subject, body, **headers):
        message = EmailMessage()
        message["From"] = f'"Jeanne Réel" <{self.CUSTOMER_EMAIL}>'
        message["To"] = "reclamations@entraide.example"
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="example.fr")
        message["Date"] = "Mon, 02 Mar 2026 09:12:00 +0100"
        message.set_content(body)
        # After the content, which resets the Content-* headers.
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        return message.as_string()

    def _receive(self, subject, body, **headers):
        raw = self._incoming(subject, body, **headers)
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return self.env["helpdesk.ticket"].browse(
                self.env["mail.thread"].message_process(False, raw)
            )

    def _acknowledge(self):
        cron = self.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.env.invalidate_all()

    def _follow(self, complaint):
        complaint.message_subscribe(partner_ids=self.staff.partner_id.ids)

    # Tests

    def test_new_french_sender_gets_one_acknowledgement_and_one_decision(self):
        """A person unknown to the database writes in French: one
        acknowledgement, then one decision with its PDF, to them alone, by
        name, in French, asking for replies on the complaint's address; their
        reply comes back onto the complaint."""
        self.assertEqual(self.desk.reclamation_lang, "en_US")
        complaint = self._receive(
            "Remboursement de ma cotisation",
            "Bonjour, j'ai résilié en mars et j'attends toujours.",
            Content_Language="fr",
        )
        self.assertTrue(complaint.is_complaint_desk)
        contact = complaint.partner_id
        self.assertEqual(contact.name, "Jeanne Réel")
        self.assertEqual(contact.email, self.CUSTOMER_EMAIL)
        self.assertEqual(contact.lang, "fr_FR")
        self.assertEqual(contact.company_id, self.company)
        self.assertEqual(complaint.partner_name, "Jeanne Réel")
        self.assertEqual(complaint.partner_email, self.CUSTOMER_EMAIL)
        # The email is theirs in the chatter.
        self.assertEqual(complaint.message_ids[-1].author_id, contact)
        self._follow(complaint)

        self._acknowledge()
        received = self._send_queue()
        letters = self._customer_letters(received)
        self.assertEqual(len(letters), 1)
        ack = letters[0]
        self._assert_letter(
            ack,
            "Nous avons bien reçu votre réclamation",
            "Bonjour Jeanne Réel,",
            complaint,
        )

        complaint.write(
            {
                "user_id": self.handler.id,
                "root_cause_id": self.root_cause.id,
                "written_complaint_date": fields.Date.today() - timedelta(days=1),
            }
        )
        self._send_queue()
        # The decision letter as a real PDF, as in production.
        self._decide(complaint, send=False).with_context(
            force_report_rendering=True
        ).action_send()
        letters = self._customer_letters(self._send_queue())
        self.assertEqual(len(letters), 1)
        decision = letters[0]
        # (Its subject is an expression, translated as a whole in fr.po.)
        self._assert_letter(
            decision, complaint.number, "Bonjour Jeanne Réel,", complaint
        )
        self.assertIn("Les motifs de notre décision", self._text(decision))
        pdfs = [
            part
            for part in decision.iter_attachments()
            if part.get_content_type() == "application/pdf"
        ]
        self.assertEqual(len(pdfs), 1)
        self.assertTrue(pdfs[0].get_content().startswith(b"%PDF"))

        # Their reply to the acknowledgement, at its Reply-To, is threaded.
        complaints = self.env["helpdesk.ticket"].search_count([])
        reply = self._receive(
            f"Re: {ack['Subject']}",
            "Je conteste cette décision.",
            In_Reply_To=ack["Message-Id"],
            References=ack["Message-Id"],
        )
        self.assertEqual(reply, complaint)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), complaints)
        self.assertIn("Je conteste", str(complaint.message_ids[0].body))
        self.assertEqual(complaint.message_ids[0].author_id, contact)

    def test_written_recap_of_a_phone_complaint(self):
        """A complaint taken by phone from a person known only by name and
        address: one recap, to them alone, in the desk's language."""
        self.desk.reclamation_lang = "fr_FR"
        phone = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        complaint = self._create_complaint(
            partner_id=False,
            partner_name="Jeanne Réel",
            partner_email=self.CUSTOMER_EMAIL,
            channel_id=phone.id,
            user_id=self.handler.id,
        )
        self._follow(complaint)
        self._acknowledge()
        letters = self._customer_letters(self._send_queue())
        self.assertEqual(len(letters), 1)
        self._assert_letter(
            letters[0],
            "Récapitulatif écrit de votre réclamation",
            "Bonjour Jeanne Réel,",
            complaint,
        )

    def test_satisfaction_survey_invitation(self):
        customer = self.env["res.partner"].create(
            {"name": "Jeanne Réel", "email": self.CUSTOMER_EMAIL, "lang": "fr_FR"}
        )
        complaint = self._closed_complaint(partner_id=customer.id)
        self._follow(complaint)
        self._send_queue()
        self._run_job()
        letters = self._customer_letters(self._send_queue())
        self.assertEqual(len(letters), 1)
        self._assert_letter(
            letters[0],
            "Comment votre réclamation",
            "Bonjour Jeanne Réel,",
            complaint,
        )
        self.assertIn("/survey/start/", self._text(letters[0]))
